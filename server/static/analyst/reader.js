// The reader's one script: hovering or focusing a highlight shows what it is, with the
// links from the highlights table. The popover is placed right after the highlight in
// the document, so Tab moves from the highlight into its links.
(function () {
  "use strict";
  const text = document.getElementById("doc-text");
  if (!text) return;
  text.style.position = "relative";
  const pop = document.createElement("div");
  pop.id = "popover";
  pop.setAttribute("role", "tooltip");
  pop.hidden = true;
  let owner = null;

  function show(seg) {
    if (owner === seg && !pop.hidden) return;
    owner = seg;
    pop.replaceChildren();
    const list = document.createElement("ul");
    for (const id of seg.dataset.ann.split(" ")) {
      const row = document.getElementById("n-" + id);
      if (!row) continue;
      const item = document.createElement("li");
      item.append(row.dataset.kind + ": ");
      for (const node of row.querySelector(".what").childNodes) item.append(node.cloneNode(true));
      list.append(item);
    }
    pop.append(list);
    seg.after(pop);
    pop.style.left = seg.offsetLeft + "px";
    pop.style.top = seg.offsetTop + seg.offsetHeight + 4 + "px";
    pop.hidden = false;
  }

  function hide() { pop.hidden = true; owner = null; }

  text.addEventListener("mouseover", (e) => {
    const seg = e.target.closest(".seg");
    if (seg) show(seg);
  });
  text.addEventListener("focusin", (e) => {
    const seg = e.target.closest(".seg");
    if (seg) show(seg);
  });
  text.addEventListener("focusout", (e) => {
    if (!e.relatedTarget || !(pop.contains(e.relatedTarget) || e.relatedTarget === owner)) {
      if (!(e.relatedTarget && e.relatedTarget.closest && e.relatedTarget.closest(".seg"))) hide();
    }
  });
  text.addEventListener("mouseleave", () => { if (!text.contains(document.activeElement)) hide(); });
  document.addEventListener("keydown", (e) => { if (e.key === "Escape") hide(); });
  const focused = text.querySelector(".focus");
  if (focused && !location.hash) focused.scrollIntoView({ block: "center" });
})();
