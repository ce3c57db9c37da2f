// Convert Natural Earth land (npm `world-atlas`, public domain, via topojson-client, ISC)
// into one SVG path in plate carrée (x = longitude, y = -latitude), once, at development
// time. The result, server/static/analyst/land.svg, is committed: the map page needs no
// tile server and no network.
//   npm pack world-atlas@2 topojson-client@3, unpack both, then
//   node scripts/make-basemap.mjs world-atlas/package/land-110m.json topojson-client/package/dist/topojson-client.js > server/static/analyst/land-110m.svg
//   node scripts/make-basemap.mjs world-atlas/package/land-50m.json topojson-client/package/dist/topojson-client.js 20,20,60,50 > server/static/analyst/land-50m-near-east.svg
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const [atlasPath, clientPath, bbox] = process.argv.slice(2);
// an optional "lonmin,latmin,lonmax,latmax" keeps only the rings that reach into it
const box = bbox ? bbox.split(",").map(Number) : [-180, -90, 180, 90];
const inside = (ring) => ring.some(([lon, lat]) =>
  lon >= box[0] && lon <= box[2] && lat >= box[1] && lat <= box[3]);
const topojson = createRequire(import.meta.url)(clientPath);
const topology = JSON.parse(readFileSync(atlasPath, "utf8"));
const land = topojson.feature(topology, topology.objects.land);
const r = (v) => Math.round(v * 100) / 100;
let d = "";
for (const feature of land.features ?? [land]) {
  const g = feature.geometry;
  const polys = g.type === "Polygon" ? [g.coordinates] : g.coordinates;
  for (const poly of polys) {
    if (!inside(poly[0])) continue;
    for (const ring of poly) {
      let last = "", lastLon = null;
      ring.forEach(([lon, lat], i) => {
        const pt = `${r(lon)} ${r(-lat)}`;
        if (pt === last) return;
        // a ring that crosses the antimeridian would draw a line across the world: lift the pen
        const jump = lastLon !== null && Math.abs(lon - lastLon) > 180;
        d += (i === 0 || jump ? "M" : "L") + pt;
        last = pt;
        lastLon = lon;
      });
      d += "Z";
    }
  }
}
process.stdout.write(
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="-180 -90 360 180">` +
  `<!-- Natural Earth land from world-atlas 2.0.2 (${atlasPath.split("/").pop()}); public domain -->` +
  `<path id="land" vector-effect="non-scaling-stroke" d="${d}"/></svg>\n`);
