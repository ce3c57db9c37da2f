"""Who speaks, in sentence shapes the first rules missed (written before the rules that read
them; none is taken from a development text): a body named again as "the ministry" or "it",
a long appositive, a source quoted by an outlet, data analysed by someone, a coordinated
"but said", a titled newcomer, a place between speaker and verb, a short quote that goes on."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from kg.build import extract
from kg.config import LEXICON, packaged
from kg.extract.described_events import profiles
from kg.extract.new_entities import load_names
from kg.extract.pipeline import load_cues
from kg.reference import load_entities
from kg.sources import Document, SourceMeta

TEXT = (
    "Pipeline talks resume\n\n"
    "Kazakhstan's Ministry of Energy said on Monday that exports would resume. In a "
    "statement, the ministry said the pipeline was safe. It stressed that no foreign troops "
    "were involved.\n\n"
    "Ahmet Kaya, a retired navy captain who now heads the Marmara Defence Forum (MDF), a "
    "research group in Istanbul, said the port was too small. “Nobody can dock a carrier "
    "there,” he said. “It is a myth.”\n\n"
    "A second source, quoted by the Interfax agency, said the talks had stalled.\n\n"
    "No Russian ship has docked there since March, according to satellite images analysed by "
    "the Levant Imagery Lab.\n\n"
    "Gen. Pavel Orlov declined to comment on the figures but said the fleet would return.\n\n"
    "Sen. Maria Lund (D-Minn.) asked about Libya, where, she said, Russian jets were based.\n\n"
    "The Russian embassy in Ankara told reporters that the visit was routine.\n"
)

TEXT += (
    "\nMayor Elena Sorokina said the port would reopen, while Georgian officials have accused "
    "Moscow of stalling the talks.\n\n"
    "Ankara said on Tuesday that the strait would stay open.\n\n"
    "The Russian embassy in Rabat insisted that no warships were involved.\n\n"
    "A Turkish navy official, speaking on condition of anonymity, said the convoy had turned "
    "back.\n\n"
    "A CSIS report published this week estimated that the depot held 300 tanks.\n\n"
    "According to three diplomats in Tunis, the deal was signed in secret.\n\n"
    "Witnesses told the outlet that armoured vehicles had left the depot.\n\n"
    "“We will stay,” Colonel Ivan Petrenko said. “Nothing changes.”\n\n"
    "Rosatom, the state nuclear company, said on Monday that talks continued. The company "
    "also says the reactor is safe.\n\n"
    "“The depot stays where it is,\" Pavel Sorokin added, mixing his quotation marks.\n\n"
    "Farid Aziz was reported as saying the runway had been lengthened.\n\n"
    "Lena Park, a commentator for the weekly Baltic Notes, put it plainly: “The fleet has "
    "nowhere left to go.”\n\n"
    "“The runway is too short,” said Ines Okafor, a researcher at the Lagos Air Institute.\n"
)

# Session 5: shapes from the first held-out set, after it was read (sentences written here,
# not copied): a role named before the name, a bare plural "Analysts say", an inverted
# speaker after a place, an outlet citing a source, an anonymous officer of a named group,
# a frame with a pronoun, data reviewed by a group, a name with a number, an elided article.
TEXT += (
    "\nTwo patrol boats docked at Bata on Friday, state television reported. Radio Kunda said "
    "the crews would stay a week.\n"
    "\nKenya's defence minister said on Friday that the radar would stay. “It is ours now,” "
    "Joseph Mwangi told reporters in Nairobi.\n\n"
    "Analysts say the harbour is too shallow for a carrier.\n\n"
    "A column of trucks crossed the bridge near Kobani, said Dilan Ahmed, a spokesman for the "
    "town council.\n\n"
    "The news agency Baltic Wire, citing an unnamed naval source, said the corvette had "
    "returned to port.\n\n"
    "A senior commander of the Free Coast Brigade (FCB), speaking on condition of anonymity, "
    "said the camp was empty.\n\n"
    "The pier will be finished in May, said Omar Farouk, a lecturer at Cairo University. In "
    "his view, the deal will not survive the summer.\n\n"
    "Shipping data reviewed by the Aegean Maritime Monitor, an independent group, show that "
    "four cargo ships docked in March.\n\n"
    "The Tunisian news site Carthage 21 reported that two drones had landed at the airfield.\n\n"
    "Radio Sahara said the convoy had crossed the border at night.\n\n"
    "Five tankers left the port on Monday, harbour officials said, in what would be the "
    "largest departure this year.\n\n"
    "Kanal Gulf said on Sunday that the frigate had left the strait.\n\n"
    "Three trucks waited at the checkpoint outside Um Qasrin, said Sara Lind, a local "
    "journalist.\n\n"
    "Turkish state media, citing an unnamed official, described the drills as defensive.\n\n"
    "Radar data analysed by the Centro di Ricerca Navale (CRN), an Italian group, indicate "
    "that two submarines left the port.\n\n"
    "The weekly L'Avenir du Sahel reported that the garrison had been doubled.\n"
)
# Shapes from the second held-out set, after it was read (sentences written here).
TEXT += (
    "\nColonel Artem Gusev, who leads the task group, was quoted as saying that the drills "
    "were routine.\n"
    "\nA second source familiar with the plans said that the pilots would stay in Tobruk.\n"
    "\nThe Russian Embassy in Dakar said in a statement that the visit was private.\n"
    "\nRep. Dana Whitfield of Ohio was blunter. “We waited,” she said, “and they moved first.”\n"
    "\nOlu Adeyemi, a senior fellow at the Lagos Policy Hub, testified that the mercenaries "
    "guarded the mines.\n"
    "\nMoscow has repeatedly dismissed such reports as propaganda.\n"
    "\nVillagers near the lake told the Sahel Courier that they had heard explosions at night.\n"
    "\nRadar images from last week, reviewed by The Harbour Ledger, seem to show that a "
    "dredger has deepened the channel.\n"
    "\nTwo Western officials who follow the Caspian said the port was being expanded.\n"
    "\nSome Kazakh officials privately worry that the depot will become permanent.\n"
    "\nUkrainian officials, for their part, have suggested that the ships would be no safer "
    "there.\n"
)

# Session 5, written before the rules that read them: role words and outlets around a name.
TEXT += (
    "\nA spokesperson for the Russian defence ministry said the frigates were on a routine "
    "visit.\n"
    "\nThe ministry's spokeswoman said the convoy had returned.\n"
    "\nA Kremlin spokesman said the talks would continue.\n"
    "\nSpeaking to reporters in Minsk, Vladimir Putin said the drills were defensive.\n"
    "\nAsked about the base, Dmitry Peskov said nothing had been decided.\n"
    "\nAdmiral Igor Kasatonov visited the port on Monday. “We are not leaving,” the "
    "admiral said.\n"
    "\nThe Wagner Group posted a video on Sunday. In a statement, the group said its "
    "fighters had left Bamako.\n"
    "\nSergei Lavrov, for his part, said the lease remained valid.\n"
    "\nThe port was quiet on Tuesday, the Interfax news agency reported.\n"
    "\nThe convoy had reached Latakia, TASS quoted Dmitry Peskov as saying.\n"
    "\nDmitry Peskov was quoted by TASS as saying that the bases were safe.\n"
    "\nRussia's foreign ministry spokeswoman Maria Zakharova said the report was false.\n"
)
TEXT += (
    "\n“The base will stay,” said a senior Russian diplomat.\n"
    "\nThe Pentagon said in a statement on Friday that no American ships were involved.\n"
    "\nNATO Secretary-General Mark Rutte told reporters that the alliance was watching "
    "closely.\n"
    "\n“This is not a withdrawal,” one European official said.\n"
    "\nSyria's new interior minister, Anas Khattab, said the coast was calm.\n"
    "\nU.S. officials, who spoke on condition of anonymity because they were not "
    "authorized to discuss the matter, said the jets had left.\n"
    "\nMoscow, for its part, insists the deployment is temporary.\n"
    "\nThe Institute for the Study of War (ISW) assessed that Russian forces were "
    "regrouping.\n"
    "\nSatellite imagery published by Maxar Technologies showed two ships at the pier.\n"
    "\n“We have no plans to leave,” a spokesperson for the Russian embassy in Damascus "
    "told AFP.\n"
    "\nAccording to a person familiar with the negotiations, the talks stalled in March.\n"
    "\nThe Syrian Observatory for Human Rights, a Britain-based war monitor, reported that "
    "12 fighters were killed.\n"
    "\nIn an interview with the BBC, Ahmed al-Sharaa said Syria would not be a threat to "
    "anyone.\n"
    "\nOfficials in Damascus have said little publicly about the talks.\n"
    "\nThose claims could not be independently verified.\n"
)
TEXT += (
    "\nRep. Mark Ellis asked whether the drones had been sold. Ambassador Rita Moss replied "
    "that no sale had been approved.\n"
    "\nIn a post on Telegram, Ramzan Kadyrov said his units were ready.\n"
    "\nOleg Zhukov wrote on X that the column had turned back.\n"
    "\nElif Demir told The Associated Press that the talks had collapsed.\n"
    "\nThe newspaper Kommersant quoted Yuri Ushakov as saying that no date had been set.\n"
    "\nNabil Haddad, 54, said the market had reopened. He added that prices were still "
    "high.\n"
    "\nGrigory Orlov said the harbour was silting up, adding that dredging would take "
    "years.\n"
    "\n“The port is ours,” said Colonel Sami Rahal. “Nobody will take it.”\n"
    "\n“We will not be the last,” he continued. “Others will follow us.”\n"
    "\nFarah Nasser was blunt: “It is over.”\n"
    "\nSpeaking on state television, Defence Minister Andrei Belousov said the fleet would "
    "remain.\n"
)
TEXT += (
    "\nAs Anna Borshchevskaya has argued, the base is a bargaining chip.\n"
    "\nHanna Notte's recent paper argues that Moscow will trade the base for influence.\n"
    "\nWriting in Foreign Affairs, Michael Kimmage contends that the fleet is "
    "overstretched.\n"
    "\nIn my view, the withdrawal is real. We should not expect it to be quick.\n"
    "\nTo quote one Russian officer, “the sea is our only road home.”\n"
    "\nA report by the International Crisis Group found that the militias were paid in "
    "fuel.\n"
    "\nThe ICG report also warned that fighting could resume.\n"
)
# Shapes a helper found in real articles it hand-scored (sentences written here).
TEXT += (
    "\n“We are watching the border,” one diplomatic source in the Sahel region said.\n"
    "\nA Russian source revealed that the aircraft had been moved. The source mentioned "
    "that two more would follow.\n"
    "\nForeign Minister Ali Karimi arrived on Monday. Karimi expressed hope that the deal "
    "would hold. He affirmed that the port would open.\n"
    "\nThe accord was announced by Minister Lina Farah during a visit to Tehran. The "
    "general was dismissed by President Omar Haddad.\n"
    "\nAhmed al-Sharaa met the envoy. Al-Sharaa indicated that the bases could stay.\n"
)

# Session 6: shapes from the third held-out set, after it was read (sentences written here,
# not copied): a role with a body then its holder's name, "he" after a group was named, a
# body's spokesperson or statement, "the paper", "the admiral", "according to" a firm in
# apposition or to estimates, a relative clause after the speaker, an unnamed fisherman,
# a command named after a region, "called it", "put it", groups that expect or doubt,
# coordinated anonymous sources, data compiled by a firm.
TEXT += (
    "\nFinland's coast guard spokesman, Captain Pekka Virtanen, told public radio this "
    "morning that the tanker had \"left our waters\" before dawn. \"We will keep watching,\" "
    "he said.\n"
    "\nOmar Qasim has sold fish at the harbour for a decade. \u201cThey bought everything,\u201d "
    "he says, counting coins. \u201cNow nobody comes.\u201d\n"
    "\nDrone footage published by the monitoring group Sea Watchers showed two tugs at the "
    "quay. For Omar Qasim, the tugs change nothing. \u201cBoats come, boats go,\u201d he said.\n"
    "\nGhana's Ministry of Defence held a briefing on Friday. The ministry's spokesperson "
    "said the patrols were routine.\n"
    "\nThe Ghanaian Ministry of Interior issued a statement on Saturday. \"No camp will be "
    "built,\" the statement said. It added that the northern border \"remains open to "
    "traders.\"\n"
    "\nThe Accra Ledger, a business daily, ran the story on Monday. The paper reported, citing "
    "two unnamed officials, that the lease had been extended.\n"
    "\nAdmiral Tomas Berg, speaking for the navy, said the fleet was ready. According to the "
    "admiral, six crews had been trained since May.\n"
    "\nThe fleet has lost a quarter of its tankers, according to European estimates. At least "
    "five barges are waiting off the coast, according to Tidewatch, a maritime data firm in "
    "Rotterdam.\n"
    "\nThe Sahel Security Group, which reports to Mali's defence ministry, said on its "
    "website that its patrols would continue.\n"
    "\nIn Gao, a fisherman told the Herald that soldiers arrived on Sunday. \"They came at "
    "night,\" he said.\n"
    "\nThe British army's Cyprus Command said on Friday that the drills were over. It said "
    "the tanks had gone home.\n"
    "\nIts owner, Marlin Shipping, called the collision \u201can unfortunate accident\u201d.\n"
    "\nAs my colleague Piotr Kowal put it in a column last week, \u201cthe fleet has no home "
    "port.\u201d\n"
    "\nShipping analysts expect the route to close by winter. Diplomats in Ankara doubt the "
    "ceasefire will last.\n"
    "\nThe garrison was reinforced overnight, residents and a police source said.\n"
    "\nOnly two tankers called at the port in May, according to AIS data compiled by "
    "Quayside Data.\n"
    "\nBy Clara Moss\n\nGAO, Mali \u2014 Issa Diallo has driven a taxi here since 2012. \u201cThe "
    "soldiers pay cash,\u201d he says.\n"
    "\nRadar images released on Monday by the research group Blue Sky showed three jets on "
    "the apron.\n"
    "\nThe provincial governor's office now says three people were hurt. An earlier "
    "statement had said the depot was empty.\n"
    "\nThe figures come from Tanker & Trade, a shipping newsletter, which said the terminal "
    "had been closed since May.\n"
    "\nRussian troops have taken over two former Wagner camps since the group announced its "
    "exit, residents and a security source said.\n"
    "\nLocal sources noted that the convoy had left the valley. Reports indicated that the "
    "hangar was empty.\n"
    "\nThe Sahel Liberation Front posted a video on its Telegram channel. It said its fighters "
    "had taken the town.\n"
    "\nThe Kremlin has deemed the talks \u201cpremature\u201d.\n"
    "\nThe navy has not commented. In 2021, the Baltic Command said 40 ships had joined the "
    "drills, some of which, it said, had come from Kaliningrad.\n"
    "\n\u201cThe port is a fallback,\u201d said Ivo Marek, a former naval officer who now "
    "writes for the weekly Sea Notes. \u201cYou cannot mend a submarine there.\u201d\n"
    "\nMali's junta leader, Assimi Goita, told the Russian envoy on Friday that the mines would "
    "stay open, the Malian presidency said.\n"
    "\nEva Lind, a former commander of the Nordic Fleet who testified on Monday, was "
    "blunter. She argued that the harbour was too small.\n"
    "\nA Turkish official familiar with the plan, who asked not to be named, said the frigate "
    "would sail at dawn.\n"
    # Session 7: shapes from the fourth held-out set, after it was read (sentences written
    # here, before each rule; none of its words).
    "\nAccording to three dock workers in Batumi, the tanker left at night.\n"
    "\nMiners at two of the pits said the guards were armed.\n"
    "\n\"We sell to whoever pays,\" a trader in Kidal told Sahel Weekly reporters on Friday.\n"
    "\nA Libyan coast guard officer in Zuwara, reached by phone, said the boats were gone.\n"
    "\nAccording to the flight-tracking service SkyTrace, two cargo jets landed on Sunday.\n"
    "\nIn a ruling on Friday, Mr Justice Hale held that the charterers were liable. Counsel "
    "for the charterers, Ruth Obi KC, had argued that the cargo was lost at sea. The judge "
    "was unpersuaded. The contract, he wrote, was clear.\n"
    "\nOne opposition MP told reporters the treaty was dead.\n"
    "\nHarbour Mutual refused to pay. \"The owners took the risk,\" Maria Lenk KC, for the "
    "insurers, told the court in May. Speaking outside court, Tom Price KC, who represented "
    "the owners, called the ruling \"a fair result.\"\n"
    "\nIn Kyiv, the foreign ministry said the talks had failed.\n"
    # Shapes from the real articles' error list (session 7), sentences of our own.
    "\nFinnish Defense Minister Aino Kettunen said the fleet was growing. The base, "
    "according to Russian media, will reopen in May. The move is what analysts describe as "
    "\"a show of force\". Analysts point out that the port is small.\n"
    "\nThe daily \"Morskoi Vestnik\" reported that ten ships had left.\n"
    "\nLatvian Defense Minister Inga Kalve visited the port. \"The harbour is too shallow,\" "
    "said the Latvian defence minister.\n"
    "\nThe Sahel Defence Force patrols the north with help from the Lake Chad Relief "
    "Association. On Monday the army said two posts had been attacked.\n"
    "\nIn a paper entitled \"Ports and Power\", Mira Holt argued that the base was doomed.\n"
    "\n\"The cranes stay idle,\" the customs chief, Omar Saad, told reporters on Tuesday.\n"
    "\n\"The port is open,\" said Lina Haddad, head of the port authority, in a statement on "
    "Monday.\n"
)
# Session 8: shapes from the fifth held-out set, after it was read (sentences written here,
# before each rule; none of its words): a speaker with an appositive after a frame naming a
# body, "he added" inside a sentence, a firm whose name begins with a place word, "the firm",
# "the 61-year-old", "villagers recall", "put the number closer to", "remembers that", a
# paper's "put … at" and "according to the paper", a group or daily described before its
# name, images from a firm that "show", "de facto" bodies, "its editorial argued", "the
# broker" after "a shipbroker", "the service", an authority "for" something, "thanked … for",
# anonymous people who "confirmed".
TEXT += (
    "\nGiving evidence to the Senate Defence Committee, Dr Kofi Brandt-Mensah, a senior fellow "
    "at the Ravel Institute, said the fleet was down to two frigates. Since the canal closed in "
    "2023, he added, the navy could not send more ships.\n"
    "\nA fuel barge was seen leaving Misrata on Friday, according to Horn Shipping Watch, a "
    "private monitoring firm. The firm said the barge carried diesel.\n"
    "\nArturo Benz still opens his café by the harbour every morning. \u201cThe sailors paid in "
    "dollars,\u201d says the 61-year-old. Benz remembers that the destroyers once moored at "
    "the outer pier.\n"
    "\nThe last convoy left in early March, villagers recall. A former port guard, who asked "
    "not to be named, put the number of ships closer to 12.\n"
    "\nThe Sfax weekly Sawt al-Sahil reported on Monday that the pier deal was signed. The "
    "paper put the price of the pier at 2 billion dinars. According to the paper, work would "
    "begin in June.\n"
    "\nThe lagoon was dredged in 2021, according to the regional conservation group Blue "
    "Shore.\n"
    "\nHis last visit lasted four days, according to the Gabes daily Sahil Herald.\n"
    "\nSatellite pictures from Nimbus Orbital, a commercial imagery company, show a tug beside "
    "the new jetty.\n"
    "\nNiger's de facto government posted on Telegram that the depot was safe.\n"
    "\nThe weekly Nord Courier was more sceptical. Its editorial argued that the lease could "
    "not be renewed.\n"
    "\n\u201cNo owner will send a ship there now,\u201d said a shipbroker who asked not to be "
    "named. Day rates doubled in May, the broker said.\n"
    "\nThe tug reached Oran after a stop off Sardinia, according to Tidal Track, a "
    "vessel-tracking service based in Oslo. Its AIS beacon was off for 20 hours, the "
    "service said.\n"
    "\nThe General Authority for Coastal Shipping in Tunisia said in June that foreign ships "
    "remained welcome.\n"
    "\nPresident Idriss Mahamat, who is seeking a second term, thanked the army and the "
    "police in a televised address on Friday evening for \u201ca calm and orderly day\u201d.\n"
    "\nTwo former guards confirmed the ledgers were genuine.\n"
    "\nDredging began early last year, according to the local environmental group Sand "
    "Coast.\n"
    "\nAnd in Ankara, the defence ministry says the frigate has returned.\n"
    "\nAt least 212 people died in May, according to the Horn Conflict Tracker, up from 180.\n"
    "\nThe panel's chair, Lisa Moreau, asked whether the navy had found the harbour too small. The "
    "ministry expects a decision in June.\n"
)

EXPECTED = {
    "the radar would stay": "Joseph Mwangi",
    "Two patrol boats docked at Bata": "Radio Kunda",
    "the crews would stay a week": "Radio Kunda",
    "It is ours now": "Joseph Mwangi",
    "the harbour is too shallow": "unnamed sources",
    "A column of trucks crossed the bridge": "Dilan Ahmed",
    "the corvette had returned to port": "Baltic Wire",
    "the camp was empty": "unnamed sources",
    "the deal will not survive the summer": "Omar Farouk",
    "four cargo ships docked in March": "Aegean Maritime Monitor",
    "two drones had landed at the airfield": "Carthage 21",
    "the convoy had crossed the border": "Radio Sahara",
    "Five tankers left the port": "unnamed sources",
    "the frigate had left the strait": "Kanal Gulf",
    "Three trucks waited at the checkpoint": "Sara Lind",
    "described the drills as defensive": "unnamed sources",
    "two submarines left the port": "Centro di Ricerca Navale",
    "the garrison had been doubled": "L'Avenir du Sahel",
    "the drills were routine": "Artem Gusev",
    "the frigates were on a routine visit": "Russian defence ministry",
    "the convoy had returned": "Russian defence ministry",
    "the talks would continue": "Kremlin",
    "the drills were defensive": "Vladimir Putin",
    "nothing had been decided": "Dmitry Peskov",
    "We are not leaving": "Igor Kasatonov",
    "its fighters had left Bamako": "Wagner Group",
    "the lease remained valid": "Sergei Lavrov",
    "The port was quiet on Tuesday": "Interfax",
    "The convoy had reached Latakia": "Dmitry Peskov",
    "the bases were safe": "Dmitry Peskov",
    "the report was false": "Maria Zakharova",
    "The base will stay": "unnamed sources",
    "no American ships were involved": "Pentagon",
    "the alliance was watching closely": "Mark Rutte",
    "This is not a withdrawal": "unnamed sources",
    "the coast was calm": "Anas Khattab",
    "the jets had left": "unnamed sources",
    "the deployment is temporary": "government in Moscow",
    "Russian forces were regrouping": "Institute for the Study of War",
    "two ships at the pier": "Maxar Technologies",
    "We have no plans to leave": "Russian embassy in Damascus",
    "the talks stalled in March": "unnamed sources",
    "12 fighters were killed": "Syrian Observatory for Human Rights",
    "Syria would not be a threat": "Ahmed al-Sharaa",
    "his units were ready": "Ramzan Kadyrov",
    "no sale had been approved": "Rita Moss",
    "the base is a bargaining chip": "Anna Borshchevskaya",
    "Moscow will trade the base for influence": "Hanna Notte",
    "the fleet is overstretched": "Michael Kimmage",
    "the sea is our only road home": "unnamed sources",
    "the militias were paid in fuel": "International Crisis Group",
    "fighting could resume": "International Crisis Group",
    "We are watching the border": "unnamed sources",
    "the aircraft had been moved": "unnamed sources",
    "two more would follow": "unnamed sources",
    "the deal would hold": "Ali Karimi",
    "the port would open": "Ali Karimi",
    "The accord was announced": "Lina Farah",
    "the bases could stay": "Ahmed al-Sharaa",
    "the column had turned back": "Oleg Zhukov",
    "the talks had collapsed": "Elif Demir",
    "no date had been set": "Yuri Ushakov",
    "the market had reopened": "Nabil Haddad",
    "prices were still high": "Nabil Haddad",
    "dredging would take years": "Grigory Orlov",
    "The port is ours": "Sami Rahal",
    "Nobody will take it.": "Sami Rahal",
    "We will not be the last": "Sami Rahal",
    "Others will follow us.": "Sami Rahal",
    "It is over.": "Farah Nasser",
    "the fleet would remain": "Andrei Belousov",
    "the pilots would stay in Tobruk": "unnamed sources",
    "the visit was private": "Russian Embassy in Dakar",
    "We waited": "Dana Whitfield",
    "and they moved first.": "Dana Whitfield",
    "the mercenaries guarded the mines": "Olu Adeyemi",
    "dismissed such reports as propaganda": "government in Moscow",
    "they had heard explosions at night": "unnamed sources",
    "a dredger has deepened the channel": "Harbour Ledger",
    "the port was being expanded": "unnamed sources",
    "the depot will become permanent": "unnamed sources",
    "the ships would be no safer there": "unnamed sources",
    "the port would reopen": "Elena Sorokina",
    "accused Moscow of stalling the talks": "unnamed sources",
    "the strait would stay open": "Ankara",
    "no warships were involved": "Russian embassy in Rabat",
    "the convoy had turned back": "unnamed sources",
    "the depot held 300 tanks": "CSIS",
    "the deal was signed in secret": "unnamed sources",
    "armoured vehicles had left the depot": "unnamed sources",
    "We will stay": "Ivan Petrenko",
    "Nothing changes.": "Ivan Petrenko",
    "the reactor is safe": "Rosatom",
    "The depot stays where it is": "Pavel Sorokin",
    "the runway had been lengthened": "Farid Aziz",
    "The fleet has nowhere left to go.": "Lena Park",
    "exports would resume": "Ministry of Energy",
    "the pipeline was safe": "Ministry of Energy",
    "no foreign troops were involved": "Ministry of Energy",
    "the port was too small": "Ahmet Kaya",
    "Nobody can dock a carrier there": "Ahmet Kaya",
    "It is a myth.": "Ahmet Kaya",
    "the talks had stalled": "unnamed sources",
    "No Russian ship has docked there": "Levant Imagery Lab",
    "the fleet would return": "Pavel Orlov",
    "Russian jets were based": "Maria Lund",
    "the visit was routine": "Russian embassy",
    "the tanker had": "Pekka Virtanen",
    "We will keep watching": "Pekka Virtanen",
    "They bought everything": "Omar Qasim",
    "Now nobody comes.": "Omar Qasim",
    "two tugs at the quay": "Sea Watchers",
    "Boats come, boats go": "Omar Qasim",
    "the patrols were routine": "Ministry of Defence",
    "No camp will be built": "Ministry of Interior",
    "remains open to traders": "Ministry of Interior",
    "the lease had been extended": "Accra Ledger",
    "six crews had been trained": "Tomas Berg",
    "lost a quarter of its tankers": "unnamed sources",
    "five barges are waiting": "Tidewatch",
    "its patrols would continue": "Sahel Security Group",
    "soldiers arrived on Sunday": "unnamed sources",
    "They came at night": "unnamed sources",
    "the drills were over": "Cyprus Command",
    "the tanks had gone home": "Cyprus Command",
    "an unfortunate accident": "Marlin Shipping",
    "the fleet has no home port.": "Piotr Kowal",
    "the route to close by winter": "unnamed sources",
    "the ceasefire will last": "unnamed sources",
    "The garrison was reinforced overnight": "unnamed sources",
    "Only two tankers called at the port in May": "Quayside Data",
    "The soldiers pay cash": "Issa Diallo",
    "three jets on the apron": "Blue Sky",
    "three people were hurt": "provincial governor's office",
    "the depot was empty": "provincial governor's office",
    "the terminal had been closed since May": "Tanker & Trade",
    "two former Wagner camps": "unnamed sources",
    "the convoy had left the valley": "unnamed sources",
    "the hangar was empty": "unnamed sources",
    "its fighters had taken the town": "Sahel Liberation Front",
    "premature": "Kremlin",
    "had come from Kaliningrad": "Baltic Command",
    "You cannot mend a submarine there.": "Ivo Marek",
    "the mines would stay open": "Assimi Goita",
    "the harbour was too small": "Eva Lind",
    "the frigate would sail at dawn": "unnamed sources",
    "the tanker left at night": "unnamed sources",
    "the guards were armed": "unnamed sources",
    "We sell to whoever pays": "unnamed sources",
    "the boats were gone": "unnamed sources",
    "the treaty was dead": "unnamed sources",
    "two cargo jets landed on Sunday": "SkyTrace",
    "the charterers were liable": "Hale",
    "was clear": "Hale",
    "The owners took the risk": "Maria Lenk",
    "a fair result": "Tom Price",
    "the talks had failed": "foreign ministry of Ukraine",
    "the fleet was growing": "Aino Kettunen",
    "will reopen in May": "Russian media",
    "what analysts describe": "unnamed sources",
    "the port is small": "unnamed sources",
    "ten ships had left": "Morskoi Vestnik",
    "The harbour is too shallow": "Inga Kalve",
    "two posts had been attacked": "Sahel Defence Force",
    "the base was doomed": "Mira Holt",
    "the fleet was down to two frigates": "Kofi Brandt-Mensah",
    "the navy could not send more ships": "Kofi Brandt-Mensah",
    "A fuel barge was seen leaving Misrata": "Horn Shipping Watch",
    "the barge carried diesel": "Horn Shipping Watch",
    "The sailors paid in dollars": "Arturo Benz",
    "the destroyers once moored": "Arturo Benz",
    "The last convoy left in early March": "unnamed sources",
    "closer to 12": "unnamed sources",
    "the pier deal was signed": "Sawt al-Sahil",
    "the price of the pier": "Sawt al-Sahil",
    "work would begin in June": "Sawt al-Sahil",
    "The lagoon was dredged in 2021": "Blue Shore",
    "His last visit lasted four days": "Sahil Herald",
    "a tug beside the new jetty": "Nimbus Orbital",
    "the depot was safe": "government",
    "the lease could not be renewed": "Nord Courier",
    "No owner will send a ship there now": "unnamed sources",
    "Day rates doubled in May": "unnamed sources",
    "The tug reached Oran": "Tidal Track",
    "Its AIS beacon was off": "Tidal Track",
    "foreign ships remained welcome": "General Authority for Coastal Shipping",
    "a calm and orderly day": "Idriss Mahamat",
    "the ledgers were genuine": "unnamed sources",
    "Dredging began early last year": "Sand Coast",
    "the frigate has returned": "ministry of Turkey",
    "At least 212 people died in May": "Horn Conflict Tracker",
}


@pytest.fixture(scope="module")
def claims() -> dict[str, str]:
    """Each claim's words -> its claimant's label."""
    entities = load_entities()
    cues = load_cues()
    lexicon = tomllib.loads(Path(packaged(LEXICON)).read_text(encoding="utf-8"))
    meta = SourceMeta(file="s.txt", headline="Pipeline talks resume", publisher="Steppe Wire",
                      date_published="2025-05-14", language="en")
    found = extract(Document("s", TEXT, meta, "0" * 64), entities, lexicon, cues,
                    profiles(entities, cues, ()), load_names())
    labels = {e.id: e.label for e in [*entities, *found.extracted]}
    return {TEXT[c.span[0]:c.span[1]]: labels.get(c.claimant, str(c.claimant))
            for c in found.extraction.claims if c.claimant}


@pytest.mark.parametrize("words", sorted(EXPECTED))
def test_the_speaker_is_who_the_text_says(claims: dict[str, str], words: str) -> None:
    said_by = {who for text, who in claims.items() if words in text}
    assert said_by, f"no attributed claim holds {words!r}"
    assert all(EXPECTED[words] in who for who in said_by), said_by


LEDES = {
    "Jets to Libya\n\nRussia is moving its jets to Libya, a defence analyst told MPs on "
    "Wednesday. Giving evidence to the committee, Dr Sian Ellery of the Harwich Institute "
    "said the move was deliberate.\n": "Sian Ellery",
    "Port talks\n\nThe port will reopen in June, a Western diplomat said on Monday. Foreign "
    "Minister Omar Haddad said the talks had gone well.\n": "unnamed sources",
}


@pytest.mark.parametrize("text", sorted(LEDES))
def test_a_lede_gives_the_role_and_the_next_sentence_the_name(text: str) -> None:
    """"…, a defence analyst told MPs. Giving evidence, Dr X said …": the analyst is X; but
    "a Western diplomat" of a lede stays unnamed when a minister speaks next."""
    entities = load_entities()
    cues = load_cues()
    lexicon = tomllib.loads(Path(packaged(LEXICON)).read_text(encoding="utf-8"))
    meta = SourceMeta(file="l.txt", headline=text.split("\n")[0], publisher="Steppe Wire",
                      date_published="2025-05-14", language="en")
    found = extract(Document("l", text, meta, "0" * 64), entities, lexicon, cues,
                    profiles(entities, cues, ()), load_names())
    labels = {e.id: e.label for e in [*entities, *found.extracted]}
    first = text.index("\n\n") + 2
    lede = [labels.get(c.claimant, "") for c in found.extraction.claims
            if c.span[0] == first and c.claimant]
    assert lede == [LEDES[text]]


def test_a_quote_with_its_speakers_appositive_is_one_claim(claims: dict[str, str]) -> None:
    """"“…,” said X, a researcher at Y." is X's direct quote; the appositive is attribution,
    not words of a second (paraphrase) claim."""
    okafor = [text for text, who in claims.items() if who == "Ines Okafor"]
    assert okafor == ["The runway is too short,"], okafor


def test_what_follows_in_what_is_the_writers(claims: dict[str, str]) -> None:
    """"…, officials said, in what would be the largest …": the comment is the writer's."""
    assert not [t for t in claims if "largest departure" in t], claims


def test_saying_little_and_unverified_claims_are_nobodys(claims: dict[str, str]) -> None:
    """"Officials … have said little publicly" makes no claim; "Those claims could not be
    independently verified" is the writer's; a quote with its speaker's role and listener
    ("“…,” a spokesperson for X told AFP") is one claim, not a quote and a paraphrase."""
    assert not [t for t in claims if "said little" in t or "independently verified" in t]
    assert [t for t in claims if "no plans to leave" in t] == ["We have no plans to leave,"]
    assert [t for t in claims if "took the risk" in t] == ["The owners took the risk,"]
    assert "Morskoi Vestnik" not in claims  # a name in quotation marks is no quotation
    assert "Ports and Power" not in claims  # nor is a title ("a paper entitled …")
    # a short quotation that opens its sentence is whole: what follows is attribution
    assert [t for t in claims if "cranes stay idle" in t] == ["The cranes stay idle,"]
    assert [t for t in claims if "The port is open" in t] == ["The port is open,"]
    assert [t for t in claims if "was blunt" in t] == []  # the colon's lead-in is attribution
    assert [t for t in claims if "drones had been sold" in t] == []  # a question claims nothing
    assert [t for t in claims if "harbour too small" in t] == []  # nor what it asks about
    assert [t for t in claims if "a decision in June" in t] == []  # expecting a thing says nothing
    assert [t for t in claims if "the withdrawal is real" in t] == []  # "In my view": the writer
    assert [t for t in claims if "was dismissed by" in t] == []  # dismissing is no speech


def test_a_demonym_and_a_title_are_no_part_of_a_name(claims: dict[str, str]) -> None:
    """"Finnish Defense Minister Aino Kettunen said": she speaks, named without the title
    (the demonym's country need not start like it: "Finnish", "Finland")."""
    assert "Aino Kettunen" in set(claims.values())
