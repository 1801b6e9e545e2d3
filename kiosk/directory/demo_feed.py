"""The demo directory: a Lambeth-like ORUK 3.0 feed built from organisations in the seed report.

Reproducible: ``python -m kiosk.directory.demo_feed`` rewrites
``resources/demo/directory.json`` byte for byte (ids are uuid5 of the names, dates are
fixed). Contact details are plainly illustrative: phone numbers from Ofcom's drama
range 020 7946 0xxx, e-mail and web addresses at example.org; street numbers are made
up. Two refuges are marked confidential and carry no address at all.
"""

from __future__ import annotations

import json
import sys
import uuid
from pathlib import Path
from typing import Any

NAMESPACE = uuid.UUID("8f0b6a52-7c1e-4c55-9d7e-0c0a1e5d2b11")
VOCABULARY = "Co-op Kiosk demo taxonomy"

# Places: key -> (location name, address line, postcode, latitude, longitude, step-free note)
PLACES: dict[str, tuple[str, str, str, float, float, str]] = {
    "weirlink": ("The Weir Link", "6 Weir Road", "SW12 0NA", 51.4452, -0.1392, "Step-free entrance and lift to first floor"),
    "hightrees": ("High Trees Community Development Trust", "70 Upper Tulse Hill", "SW2 2RW", 51.4461, -0.1166, "Step-free entrance"),
    "claphampark": ("Clapham Park Project Hub", "34 Kings Avenue", "SW4 8BJ", 51.4528, -0.1305, "Ramp at the side door"),
    "darbyjoan": ("Streatham Darby and Joan Club hall", "22 Gleneagle Road", "SW16 6AF", 51.4268, -0.1297, "Level access, accessible toilet"),
    "ageconcern": ("Age Concern Lambeth office", "101 Kennington Lane", "SE11 4HQ", 51.4867, -0.1152, "Stairs only, no lift"),
    "stockwellcrc": ("Stockwell Community Resource Centre", "1 Studley Road", "SW9 9QF", 51.4728, -0.1206, "Wheelchair accessible"),
    "stockwellpart": ("Stockwell Partnership", "48 Stockwell Road", "SW9 9ER", 51.4681, -0.1184, "Step-free entrance"),
    "brixtonpound": ("Brixton Pound Café", "77 Atlantic Road", "SW9 8PU", 51.4621, -0.1142, "Step-free entrance"),
    "reuse": ("Brixton Re-Use Centre", "12 Somerleyton Road", "SW9 8ND", 51.4608, -0.1085, "Ground floor, step-free"),
    "lvac": ("Lambeth Voluntary Action Council", "336 Brixton Road", "SW9 7AA", 51.4699, -0.1137, "Lift to all floors"),
    "coinstreet": ("Coin Street Neighbourhood Centre", "108 Stamford Street", "SE1 9NH", 51.5069, -0.1108, "Step-free throughout"),
    "raleigh": ("Raleigh Hall", "8 Saltoun Road", "SW2 1EP", 51.4603, -0.1134, "Two steps at the entrance"),
    "portuguese": ("Portuguese Community Centre", "52 South Lambeth Road", "SW8 1RL", 51.4795, -0.1233, "Step-free entrance"),
    "beaufoy": ("Beaufoy Institute", "39 Black Prince Road", "SE11 6JJ", 51.4907, -0.1158, "Lift and step-free entrance"),
    "liliabaylis": ("Old Lilian Baylis School sports hall", "23 Lollard Street", "SE11 6QH", 51.4920, -0.1135, "Step-free sports hall"),
    "leisure": ("Brixton Recreation Centre", "27 Station Road", "SW9 8QQ", 51.4626, -0.1130, "Pool hoist, lift, accessible changing"),
    "creditunion": ("London Mutual Credit Union office", "8 Camberwell Church Street", "SE5 8QU", 51.4740, -0.0920, "Step-free entrance"),
    "workshop": ("The Work Shop", "2 Norwood High Street", "SE27 9NS", 51.4318, -0.1035, "Step-free entrance"),
    "bca": ("Black Cultural Archives", "1 Windrush Square", "SW2 1EF", 51.4614, -0.1163, "Step-free, lift"),
    "library": ("Brixton Library", "Brixton Oval", "SW2 1JQ", 51.4611, -0.1152, "Step-free entrance and lift"),
    "streathamlib": ("Streatham Library", "63 Streatham High Road", "SW16 1PL", 51.4296, -0.1303, "Ramp and lift"),
    "townhall": ("Lambeth Town Hall customer centre", "Brixton Hill", "SW2 1RW", 51.4598, -0.1168, "Step-free entrance"),
    "jobcentre": ("Brixton Jobcentre", "246 Stockwell Road", "SW9 9SP", 51.4655, -0.1161, "Step-free entrance"),
    "college": ("Lambeth College, Clapham centre", "45 Clapham Common South Side", "SW4 9BL", 51.4585, -0.1449, "Lift to all floors"),
    "hernehill": ("Herne Hill Methodist Church hall", "155 Half Moon Lane", "SE24 9JG", 51.4535, -0.0960, "Level access"),
    "norwood": ("West Norwood Feast community kitchen", "10 Norwood Road", "SE27 9AA", 51.4330, -0.1030, "Step-free kitchen"),
    "streathamaction": ("Streatham Action garden", "Streatham Common North", "SW16 3HN", 51.4180, -0.1250, "Paths suitable for wheelchairs"),
    "dulwich": ("Rosendale Community Centre", "80 Rosendale Road", "SE21 8LF", 51.4420, -0.0950, "Step-free entrance"),
    "vauxhall": ("Vauxhall Community Room", "1 Wyvil Road", "SW8 2TJ", 51.4805, -0.1245, "No lift, first floor"),
}

# Taxonomy: term id -> (name, parent id or None)
TERMS: dict[str, tuple[str, str | None]] = {
    "money": ("Money and debt", None), "debt-advice": ("Debt advice", "money"), "benefits": ("Benefits advice", "money"),
    "credit-union": ("Credit union and savings", "money"),
    "food": ("Food", None), "food-banks": ("Food banks", "food"), "meals": ("Community meals and lunch clubs", "food"),
    "housing": ("Housing", None), "housing-advice": ("Housing advice", "housing"), "homelessness": ("Homelessness", "housing"),
    "health": ("Health and wellbeing", None), "mental-health": ("Mental health", "health"),
    "exercise": ("Exercise and sport", "health"), "gp": ("GP and health services", "health"),
    "children": ("Children and families", None), "childrens-centres": ("Children's centres", "children"),
    "youth": ("Youth services", "children"), "parenting": ("Parenting support", "children"),
    "work": ("Work and skills", None), "employment": ("Employment support", "work"), "training": ("Training", "work"),
    "learning": ("English and learning", None), "esol": ("ESOL (English for speakers of other languages)", "learning"),
    "digital": ("Digital skills", "learning"), "libraries": ("Libraries", "learning"),
    "older": ("Older people", None), "older-social": ("Social clubs for older people", "older"),
    "disability": ("Disability", None), "send": ("Special educational needs and disability (SEND)", "disability"),
    "safety": ("Safety and abuse", None), "domestic-abuse": ("Domestic abuse", "safety"),
    "refuges": ("Refuges", "safety"),
    "community": ("Community and volunteering", None), "volunteering": ("Volunteering", "community"),
    "time-banks": ("Time banks", "community"), "forums": ("Neighbourhood forums", "community"),
    "environment": ("Environment and repair", "community"),
}

WEEKDAYS = "MO,TU,WE,TH,FR"

# (organisation, service, place key or None, terms, description, schedules, cost pence or None, languages,
#  (min age, max age), extra)
# A schedule is (byday, opens, closes) or (byday, opens, closes, "MONTHLY").
S = tuple[str, str, str | None, list[str], str, list[tuple], int | None, list[str], tuple[int | None, int | None], dict]

SERVICES: list[S] = [
    ("The Weir Link", "Stay and Play at the Weir Link", "weirlink", ["childrens-centres"],
     "Drop-in play sessions for babies and toddlers under 5 with their parents and carers. Meet other families, "
     "sing songs and get advice from early years staff.",
     [("MO,WE,FR", "09:30", "11:30"), ("TU", "13:30", "15:30")], 0, ["en", "pt", "so"], (0, 5), {}),
    ("The Weir Link", "Health visitor drop-in", "weirlink", ["childrens-centres", "gp"],
     "Weigh your baby and talk to a health visitor about feeding, sleep and development. No appointment needed.",
     [("TH", "09:30", "12:00")], 0, ["en"], (0, 5), {}),
    ("The Weir Link", "Family learning with the Weir Link teacher", "weirlink", ["parenting", "learning"],
     "Learn alongside your child: reading, maths games and homework help for primary school families.",
     [("TU,TH", "15:30", "17:30")], 0, ["en", "es"], (4, 11), {}),
    ("The Weir Link", "Counselling after domestic abuse", "weirlink", ["domestic-abuse", "mental-health"],
     "<p>Confidential one-to-one counselling for women who have experienced <strong>domestic abuse</strong>. "
     "Sessions at the centre, with a crèche.</p>", [("WE", "10:00", "12:30"), ("WE", "13:30", "16:00")], 0,
     ["en", "fr", "yo"], (18, None), {}),
    ("The Weir Link", "Homework and out-of-school club", "weirlink", ["youth", "learning"],
     "A quiet place with computers and volunteers to help with homework after school.",
     [(WEEKDAYS, "15:30", "18:00")], 0, ["en"], (8, 16), {}),
    ("High Trees Community Development Trust", "ESOL classes for adults", "hightrees", ["esol"],
     "English classes for speakers of other languages, from beginner to intermediate. Free for people on benefits; "
     "crèche available for morning classes.", [("MO,WE", "09:30", "12:00"), ("TU,TH", "18:00", "20:00")], 0,
     ["en", "pt", "so", "es"], (19, None), {}),
    ("High Trees Community Development Trust", "IT and digital skills course", "hightrees", ["digital", "training"],
     "Learn to use e-mail, fill in online forms and apply for jobs online. Laptops provided.",
     [("FR", "10:00", "13:00")], 0, ["en"], (16, None), {}),
    ("High Trees Community Development Trust", "Tulse Hill job club", "hightrees", ["employment"],
     "Help with CVs, job applications and interview practice with an employment adviser.",
     [("TU", "10:00", "13:00"), ("TH", "13:00", "16:00")], 0, ["en", "tw"], (16, None), {}),
    ("High Trees Community Development Trust", "Community café lunch", "hightrees", ["meals"],
     "Hot lunches cooked by local volunteers. Pay what you can.", [("WE", "12:00", "14:00")], None, ["en"],
     (None, None), {"fees_description": "Pay what you can"}),
    ("Clapham Park Time Bank", "Clapham Park Time Bank", "claphampark", ["time-banks", "volunteering"],
     "Give an hour of your time helping a neighbour and get an hour back: gardening, lifts, language practice, "
     "DIY. Join at a Tuesday session.", [("TU", "14:00", "17:00")], 0, ["en"], (16, None), {}),
    ("Clapham Park Time Bank", "Skills swap evening", "claphampark", ["time-banks"],
     "Share a skill, learn a skill. Members meet monthly to match offers and requests.",
     [("1TH", "18:30", "20:30", "MONTHLY")], 0, ["en"], (16, None), {}),
    ("Clapham Park Project", "Lunch club for older people", "claphampark", ["older-social", "meals"],
     "A two-course lunch and company every Monday and Friday. Transport can be arranged.",
     [("MO,FR", "12:00", "14:30")], 350, ["en"], (60, None), {"fees_description": "£3.50 per lunch"}),
    ("Clapham Park Project", "Money advice surgery", "claphampark", ["debt-advice", "benefits"],
     "Free, confidential advice on debts, benefits, Universal Credit and council tax arrears.",
     [("WE", "10:00", "13:00")], 0, ["en", "es"], (18, None), {}),
    ("Streatham Darby and Joan Club", "Darby and Joan social club", "darbyjoan", ["older-social"],
     "Tea, bingo, outings and friendship for older people in Streatham since the 1950s.",
     [("TU,TH", "13:00", "16:00")], 200, ["en"], (55, None), {"fees_description": "£2 a session, includes tea"}),
    ("Streatham Darby and Joan Club", "Chair exercise for over 60s", "darbyjoan", ["exercise", "older-social"],
     "Gentle seated exercise to music. No experience needed.", [("FR", "10:30", "11:30")], 100, ["en"], (60, None), {}),
    ("Age Concern Lambeth", "Information and advice for older people", "ageconcern", ["older", "benefits"],
     "Advice on pensions, Attendance Allowance, Pension Credit, care at home and council tax reductions.",
     [(WEEKDAYS, "09:30", "13:00"), ("MO,TU,WE,TH", "14:00", "16:30")], 0, ["en"], (50, None), {}),
    ("Age Concern Lambeth", "Befriending for older people", None, ["older-social", "volunteering"],
     "A volunteer visits or phones you every week for a chat. You can also volunteer as a befriender.",
     [(WEEKDAYS, "10:00", "16:00")], 0, ["en", "pt"], (65, None), {}),
    ("Age Concern Lambeth", "Memory café", "stockwellcrc", ["older-social", "mental-health"],
     "A friendly café for people living with dementia and their carers, on the first Tuesday of every month.",
     [("1TU", "14:00", "16:00", "MONTHLY")], 0, ["en"], (None, None), {}),
    ("Stockwell Partnership", "Stockwell family support", "stockwellpart", ["parenting"],
     "Family support workers help with parenting, school, housing and money worries. Self-referral welcome.",
     [(WEEKDAYS, "09:00", "17:00")], 0, ["en", "pt", "so"], (None, None), {}),
    ("Stockwell Partnership", "Stockwell youth project", "stockwellpart", ["youth"],
     "Youth club for 11 to 19 year olds: sport, music studio, trips and mentoring.",
     [("MO,WE,FR", "17:00", "21:00"), ("SA", "12:00", "17:00")], 0, ["en"], (11, 19), {}),
    ("Stockwell Partnership", "Winter night shelter", "stockwellpart", ["homelessness"],
     "Emergency beds, an evening meal and breakfast for people sleeping rough, from November to March. "
     "Referral through StreetLink or the hub.",
     [("MO,TU,WE,TH,FR,SA,SU", "20:00", "08:00")], 0, ["en"], (18, None), {"valid_from": "2026-11-01", "valid_to": "2027-03-31"}),
    ("Stockwell Community Resource Centre", "Stockwell food bank", "stockwellcrc", ["food-banks"],
     "Emergency food parcels for three days. Bring a referral voucher if you have one; if not, come and talk to us.",
     [("FR", "11:00", "14:00"), ("SA", "10:00", "12:00")], 0, ["en", "pt", "so"], (None, None), {}),
    ("Stockwell Community Resource Centre", "Advice drop-in", "stockwellcrc", ["benefits", "housing-advice", "debt-advice"],
     "Walk-in advice on benefits, housing, debts and immigration. Interpreters on request.",
     [("MO,TH", "10:00", "13:00")], 0, ["en", "pt", "es", "fr"], (18, None), {}),
    ("Brixton Pound", "Brixton Pound: spend local", "brixtonpound", ["community", "money"],
     "Find out how to pay with Brixton Pounds at local businesses and how time-bank credits may convert into them.",
     [("TU,WE,TH,FR,SA", "10:00", "17:00")], 0, ["en"], (None, None), {}),
    ("Transition Town Brixton", "Repair café", "reuse", ["environment", "volunteering"],
     "Bring broken things and fix them with volunteer repairers: clothes, small electricals, bikes.",
     [("-1SA", "11:00", "15:00", "MONTHLY")], 0, ["en"], (None, None), {}),
    ("Remade in Brixton", "Brixton Re-Use Centre furniture", "reuse", ["environment", "housing"],
     "Low-cost reused furniture and household goods; free for people setting up home after homelessness.",
     [("WE,TH,FR,SA", "10:00", "16:00")], None, ["en"], (None, None), {"fees_description": "Low cost; free with a referral"}),
    ("Contact a Family", "Lambeth parent advisory group", "lvac", ["send", "parenting"],
     "Parents of disabled children meet to share experience and help shape local services.",
     [("2WE", "10:00", "12:00", "MONTHLY")], 0, ["en"], (None, None), {}),
    ("Contact a Family", "SEND advice line", None, ["send"],
     "Advice for parents of disabled children on education, benefits and care.",
     [("MO,TU,WE,TH", "09:30", "17:00"), ("FR", "09:30", "13:00")], 0, ["en", "so"], (None, None), {}),
    ("Lambeth Voluntary Action Council", "Volunteer centre", "lvac", ["volunteering"],
     "Find volunteering that suits you: hundreds of roles with local groups. Drop in or book a chat.",
     [("TU,WE,TH", "10:00", "16:00")], 0, ["en"], (16, None), {}),
    ("Lambeth Voluntary Action Council", "Support for community groups", "lvac", ["community"],
     "Help for new and small groups: setting up, funding bids, safeguarding policies and training.",
     [("MO,WE", "10:00", "16:00")], 0, ["en"], (None, None), {}),
    ("Lambeth Forum Network", "Neighbourhood forum meetings", "townhall", ["forums"],
     "Have your say on your area. Forums meet monthly in every part of the borough; everyone is welcome.",
     [("3TU", "19:00", "21:00", "MONTHLY")], 0, ["en"], (None, None), {}),
    ("Herne Hill Forum", "Herne Hill Forum open meeting", "hernehill", ["forums"],
     "Local residents' forum for Herne Hill: planning, streets, events.", [("2MO", "19:30", "21:00", "MONTHLY")], 0,
     ["en"], (None, None), {}),
    ("Kennington, Oval and Vauxhall Forum", "KOV Forum community meeting", "beaufoy", ["forums"],
     "Residents of Kennington, Oval and Vauxhall meet to improve the neighbourhood.",
     [("1WE", "19:00", "21:00", "MONTHLY")], 0, ["en"], (None, None), {}),
    ("Streatham Action", "Community garden volunteering", "streathamaction", ["volunteering", "environment"],
     "Grow food and flowers with neighbours. Tools and gloves provided. Saturday and Sunday mornings.",
     [("SA,SU", "10:00", "13:00")], 0, ["en"], (None, None), {}),
    ("Coin Street Community Builders", "Coin Street family and children's centre", "coinstreet", ["childrens-centres", "parenting"],
     "Children's centre for families with children under 5: stay and play, baby massage, parenting courses.",
     [(WEEKDAYS, "09:00", "17:00")], 0, ["en", "es", "so"], (0, 5), {}),
    ("Coin Street Community Builders", "Housing co-operative information", "coinstreet", ["housing-advice"],
     "How the Coin Street housing co-operatives work and how to apply through the council's housing register.",
     [("WE", "14:00", "17:00")], 0, ["en"], (18, None), {}),
    ("Coin Street Community Builders", "Bernie Spain sports sessions", "coinstreet", ["exercise", "youth"],
     "Free football and netball for young people on Saturday mornings.", [("SA", "10:00", "12:00")], 0, ["en"],
     (8, 18), {}),
    ("Young Lambeth Cooperative", "Young Lambeth Co-op youth panel", "lvac", ["youth", "community"],
     "Young people choose which youth services the co-op pays for. Join the panel and get paid time credits.",
     [("2TH", "17:30", "19:30", "MONTHLY")], 0, ["en"], (13, 25), {}),
    ("Young Lambeth Cooperative", "Brixton Boys and Girls Club", "raleigh", ["youth"],
     "Evening youth club: boxing, dance, cooking and a quiet room for homework.",
     [("TU,TH", "18:00", "21:00"), ("FR", "18:00", "22:00")], 0, ["en"], (10, 19), {}),
    ("Raleigh Hall", "English conversation club", "raleigh", ["esol"],
     "Practise speaking English over tea with volunteers. All levels welcome.", [("SA", "11:00", "13:00")], 0,
     ["en", "pt", "so", "es", "fr", "yo", "tw"], (16, None), {}),
    ("Portuguese Community Centre", "Advice in Portuguese", "portuguese", ["benefits", "housing-advice"],
     "Aconselhamento em português: benefits, housing, work and schools. Advice in Portuguese and English.",
     [("MO,WE,FR", "10:00", "13:00"), ("MO,WE", "14:00", "17:00")], 0, ["pt", "en"], (18, None), {}),
    ("Portuguese Community Centre", "ESOL for Portuguese speakers", "portuguese", ["esol"],
     "English classes taught with Portuguese support, evenings for people who work in the day.",
     [("TU,TH", "18:30", "20:30")], 0, ["pt", "en"], (16, None), {}),
    ("Beaufoy Institute", "Construction skills training", "beaufoy", ["training", "employment"],
     "Short courses and apprenticeships in construction trades, with CSCS card preparation.",
     [(WEEKDAYS, "09:00", "16:00")], 0, ["en"], (16, None), {}),
    ("Sports Action Zone", "Old Lilian Baylis sports evenings", "liliabaylis", ["exercise", "youth"],
     "Basketball, badminton and table tennis for young people, with qualified coaches.",
     [("MO,WE", "18:00", "21:00")], 100, ["en"], (11, 19), {"fees_description": "£1 a session"}),
    ("Greenwich Leisure", "Over 60s swimming", "leisure", ["exercise", "older-social"],
     "Quiet swim sessions for people over 60, with a free cup of tea afterwards.",
     [("TU,TH", "09:00", "10:30")], 250, ["en"], (60, None), {}),
    ("Greenwich Leisure", "Brixton Recreation Centre gym", "leisure", ["exercise"],
     "Gym, pool and classes. Concessions for Lambeth residents on benefits.",
     [(WEEKDAYS, "06:30", "22:00"), ("SA,SU", "08:00", "20:00")], 600, ["en"], (16, None), {}),
    ("London Mutual Credit Union", "Savings accounts and affordable loans", "creditunion", ["credit-union"],
     "Save a little each week and borrow at a fair rate instead of payday lenders. Open an account with ID and proof of address.",
     [("MO,TU,TH,FR", "09:30", "16:30"), ("WE", "12:00", "18:30")], 0, ["en"], (16, None), {}),
    ("London Mutual Credit Union", "Jam jar budgeting account", "creditunion", ["credit-union", "debt-advice"],
     "A budgeting account that sets aside money for rent and bills before you spend.", [("WE", "12:00", "18:30")], 0,
     ["en"], (18, None), {}),
    ("The Work Shop", "West Norwood job shop", "workshop", ["employment"],
     "Jobcentre Plus advisers, local employers and training providers under one roof. Extended opening on Thursdays.",
     [("MO,TU,WE,FR", "10:00", "16:00"), ("TH", "10:00", "19:30")], 0, ["en", "tw", "yo"], (16, None), {}),
    ("The Work Shop", "Council services access point", "workshop", ["community", "money"],
     "Get help with council tax, housing repairs and other council services from trained volunteers.",
     [("TU,TH", "10:00", "15:00")], 0, ["en"], (None, None), {}),
    ("The Great Cook", "Community batch cooking", "norwood", ["meals", "training"],
     "Learn to cook healthy meals on a budget in a community kitchen; take home portions for the week. "
     "Food safety certificate course each term.", [("WE", "17:30", "20:30"), ("SA", "10:00", "13:00")], 0, ["en"],
     (16, None), {}),
    ("The Great Cook", "West Norwood community fridge", "norwood", ["food-banks", "environment"],
     "Surplus food from local shops, free for anyone. Take what you need.", [("MO,WE,FR", "16:00", "18:00")], 0,
     ["en"], (None, None), {}),
    ("Community Freshview", "Street clean-up days", None, ["volunteering", "environment"],
     "Join neighbours for a Saturday clean-up. Equipment provided by the council.",
     [("1SA", "10:00", "13:00", "MONTHLY")], 0, ["en"], (None, None), {}),
    ("Black Cultural Archives", "Heritage learning and volunteering", "bca", ["learning", "volunteering"],
     "Exhibitions, family workshops and volunteering at the national Black heritage centre.",
     [("TU,WE,TH,FR,SA", "10:00", "18:00")], 0, ["en"], (None, None), {}),
    ("Lambeth Council", "Council tax help desk", "townhall", ["money"],
     "Help with council tax bills, discounts, Council Tax Support and payment arrangements.",
     [(WEEKDAYS, "09:00", "12:30"), (WEEKDAYS, "13:30", "16:30")], 0, ["en"], (18, None), {}),
    ("Lambeth Council", "Housing options and homelessness advice", "townhall", ["housing-advice", "homelessness"],
     "If you are homeless or about to lose your home, come as early as you can. Out of hours: phone the emergency line.",
     [(WEEKDAYS, "09:00", "17:00")], 0, ["en", "pt", "so", "es"], (16, None), {}),
    ("Lambeth Council", "Brixton Library digital help", "library", ["digital", "libraries"],
     "Free computers, Wi-Fi and one-to-one help to get online, print documents and apply for Universal Credit.",
     [("MO,TU,TH,FR", "09:00", "20:00"), ("WE", "09:00", "13:00"), ("SA", "09:00", "17:00"), ("SU", "12:00", "16:00")],
     0, ["en"], (None, None), {}),
    ("Lambeth Council", "Streatham Library rhyme time", "streathamlib", ["libraries", "childrens-centres"],
     "Songs and rhymes for babies and toddlers with their grown-ups.", [("WE", "10:30", "11:15")], 0, ["en"],
     (0, 4), {}),
    ("Lambeth Living", "Housing repairs help", None, ["housing"],
     "Report a repair in a council home, or get help if a repair has not been done.",
     [(WEEKDAYS, "08:00", "20:00"), ("SA", "09:00", "13:00")], 0, ["en"], (None, None), {}),
    ("Jobcentre Plus", "Brixton Jobcentre", "jobcentre", ["employment", "benefits"],
     "Universal Credit appointments, job search support and work coaches.", [(WEEKDAYS, "09:00", "17:00")], 0,
     ["en"], (16, None), {}),
    ("Lambeth College", "Adult ESOL and maths courses", "college", ["esol", "training"],
     "Accredited ESOL, English and maths courses for adults. Free for most learners on low incomes.",
     [(WEEKDAYS, "09:00", "20:00")], 0, ["en"], (19, None), {}),
    ("City Learning Centre", "Family computer classes", "dulwich", ["digital", "parenting"],
     "Parents and children learn computing together on Saturday mornings.", [("SA", "10:00", "12:00")], 0, ["en"],
     (6, None), {}),
    ("Lambeth Wellbeing Network", "Peer support for mental health", "vauxhall", ["mental-health"],
     "Friendly peer support groups for anyone feeling low, anxious or isolated. No referral needed.",
     [("MO", "18:00", "20:00"), ("TH", "12:00", "14:00")], 0, ["en"], (18, None), {}),
    ("Lambeth LINk", "Help registering with a GP", "library", ["gp"],
     "Find a doctor's surgery and register as a patient, even without proof of address or immigration status.",
     [("TU", "10:00", "12:00")], 0, ["en", "pt", "so", "es", "fr", "yo", "tw"], (None, None), {}),
    ("Lambeth Domestic Abuse Partnership", "Lambeth Women's Refuge", "__confidential_sw9", ["refuges", "domestic-abuse"],
     "Safe emergency housing for women and children escaping domestic abuse. The address is never given out: "
     "phone the 24-hour line.", [("MO,TU,WE,TH,FR,SA,SU", "00:00", "23:59")], 0, ["en", "so", "pt"], (16, None),
     {"confidential": True}),
    ("Lambeth Domestic Abuse Partnership", "Refuge for families", "__confidential_se27", ["refuges", "domestic-abuse"],
     "Safe housing for parents and children escaping violence at home, with a children's worker.",
     [(WEEKDAYS, "09:00", "17:00")], 0, ["en"], (None, None), {"confidential": True}),
    ("Lambeth Domestic Abuse Partnership", "Domestic abuse advice drop-in", "townhall", ["domestic-abuse"],
     "Talk in private to an independent domestic violence adviser. Quick exit: you can leave at any time.",
     [("WE", "13:00", "16:00")], 0, ["en", "fr", "yo"], (16, None), {}),
]

# The phone, e-mail and assured date pattern per service position (illustrative, fixed).
ASSURED_DATES = ("2026-09-14", "2026-06-02", "2026-10-20", "2025-08-11", "2026-03-30", "2024-12-05")


def _id(*parts: str) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(parts)))


def _slug(text: str) -> str:
    import re
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def _schedules(entries: list[tuple], extra: dict[str, Any]) -> list[dict[str, Any]]:
    result = []
    for index, entry in enumerate(entries):
        byday, opens, closes = entry[:3]
        freq = entry[3] if len(entry) > 3 else "WEEKLY"
        schedule = {"id": None, "freq": freq, "interval": 1, "byday": byday, "opens_at": opens, "closes_at": closes}
        if "valid_from" in extra:
            schedule["valid_from"], schedule["valid_to"] = extra["valid_from"], extra["valid_to"]
        result.append((index, schedule))
    return [s for _i, s in result]


def build() -> dict[str, Any]:
    contents = []
    for number, (org, name, place, terms, description, hours, cost, languages, ages, extra) in enumerate(SERVICES):
        service_id = _id("service", org, name)
        org_id = _id("organisation", org)
        phone = f"020 7946 0{100 + number * 7:03d}"
        record: dict[str, Any] = {
            "id": service_id,
            "organization_id": org_id,
            "name": name,
            "description": description,
            "url": f"https://example.org/{_slug(org)}/{_slug(name)}",
            "email": f"{_slug(name)[:24].strip('-')}@example.org",
            "status": "active",
            "fees_description": extra.get("fees_description") or ("Free" if cost == 0 else None),
            "minimum_age": ages[0],
            "maximum_age": ages[1],
            "assured_date": ASSURED_DATES[number % len(ASSURED_DATES)],
            "last_modified": "2026-10-01T09:00:00.000Z",
            "organization": {"id": org_id, "name": org, "description": f"{org}, Lambeth.",
                             "email": f"hello@{_slug(org)[:30].strip('-')}.example.org",
                             "website": f"https://example.org/{_slug(org)}"},
            "phones": [{"id": _id("phone", service_id), "number": phone, "type": "voice"}],
            "schedules": [{**s, "id": _id("schedule", service_id, str(i))} for i, s in enumerate(_schedules(hours, extra))],
            "languages": [{"id": _id("language", service_id, code), "code": code} for code in languages],
            "attributes": [{"id": _id("attribute", service_id, term), "taxonomy_term_id": _id("term", term),
                            "taxonomy_term": {"id": _id("term", term), "code": term, "name": TERMS[term][0],
                                              "vocabulary": VOCABULARY,
                                              "parent_id": _id("term", TERMS[term][1]) if TERMS[term][1] else None}}
                           for term in terms],
            "service_at_locations": [],
        }
        if cost is not None:
            record["cost_options"] = [{"id": _id("cost", service_id), "amount": f"{cost / 100:.2f}", "currency": "GBP",
                                       "option": "Free" if cost == 0 else "Per session"}]
        if extra.get("confidential"):
            record["confidential"] = True
            district = place.rsplit("_", 1)[-1].upper()
            record["service_at_locations"] = [{"id": _id("sal", service_id), "location": {
                "id": _id("location", service_id), "location_type": "physical",
                "addresses": [{"id": _id("address", service_id), "postal_code": district, "city": "London",
                               "country": "GB", "address_type": "physical"}]}}]
        elif place:
            loc_name, line, postcode, lat, lon, access = PLACES[place]
            location_id = _id("location", place)
            record["service_at_locations"] = [{"id": _id("sal", service_id, place), "location": {
                "id": location_id, "name": loc_name, "location_type": "physical", "latitude": lat, "longitude": lon,
                "addresses": [{"id": _id("address", place), "address_1": line, "city": "London", "region": "Lambeth",
                               "postal_code": postcode, "country": "GB", "address_type": "physical"}],
                "accessibility": [{"id": _id("accessibility", place), "description": access}]}}]
        contents.append(record)
    return {
        "total_items": len(contents), "total_pages": 1, "page_number": 1, "size": len(contents),
        "first_page": True, "last_page": True, "empty": False, "contents": contents,
    }


def output_path() -> Path:
    from kiosk.paths import resources_dir

    return resources_dir() / "demo" / "directory.json"


def main(argv: list[str] | None = None) -> int:
    path = Path(argv[0]) if argv else output_path()
    path.write_text(json.dumps(build(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(SERVICES)} services -> {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
