#!/usr/bin/env python3
"""Generates assets/demo.json, the simulator's embedded demo account (deterministic: same output
on every run). Run from the repository root: python3 tools/generate-demo.py

The account, its users and apps and its meetings are written out below; the registrants are drawn
from name, company and city pools with a fixed seed. Email domains use the reserved `.example`
TLD so no demo address can reach a real person, and are plain ASCII (accents are dropped from the
local part: "Fernández" gives "fernandez"), as Zoom's `format: email` requires. Times are offsets from "now" (rounded down to the
hour by the simulator), so the demo always looks current.
"""
import json
import random
import string
import unicodedata
from pathlib import Path

rng = random.Random(20261123)
ID_ALPHABET = string.ascii_letters + string.digits + "-_"

def zoom_id(n=22):
    return "".join(rng.choice(ID_ALPHABET) for _ in range(n))

FIRST = ["Amara", "Ben", "Chiara", "Diego", "Elif", "Farah", "Gustav", "Hana", "Ines", "Jonas",
         "Kofi", "Lena", "Mateo", "Nadia", "Oskar", "Paula", "Quentin", "Rosa", "Samir", "Tara",
         "Umar", "Valentina", "Wei", "Ximena", "Yusuf", "Zoe", "Aisha", "Bruno", "Camille", "Dmitri",
         "Emma", "Felix", "Grace", "Hiroshi", "Isabel", "Jamal", "Kira", "Luca", "Mei", "Noah",
         "Olga", "Pedro", "Ravi", "Sofia", "Thabo", "Uma", "Viktor", "Wanjiru", "Yara", "Zain",
         "Anna", "Carlos", "Deepa", "Erik", "Fatima", "Hugo", "Ingrid", "Javier", "Keiko", "Liam",
         "Marta", "Nikhil", "Omar", "Priyanka", "Rahel", "Sven", "Teresa", "Arjun", "Beatriz", "Chloe"]
LAST = ["Abebe", "Bianchi", "Castillo", "Dubois", "Eriksen", "Fischer", "Goldberg", "Haddad", "Ito",
        "Jensen", "Kowalski", "Larsen", "Moreau", "Nakamura", "Okonkwo", "Petrov", "Quispe", "Rossi",
        "Schmidt", "Tanaka", "Usman", "Varga", "Wagner", "Xu", "Yilmaz", "Zhang", "Andersson",
        "Bergström", "Chen", "Da Silva", "Ekström", "Fernández", "García", "Hoffmann", "Ivanova",
        "Johansson", "Kim", "López", "Mensah", "Novak", "O'Brien", "Patel", "Reyes", "Singh", "Torres",
        "Van Dijk", "Walsh", "Yamamoto", "Zimmermann", "Adeyemi", "Brennan", "Costa", "Demir", "Esposito",
        "Friedman", "Gupta", "Horvath", "Iyer", "Kaur", "Lindgren", "Müller", "Nguyen", "Ortiz", "Popescu"]
COMPANIES = [
    ("Kestrel Analytics", "kestrel-analytics.example", "Technology"),
    ("Brightline Logistics", "brightline-logistics.example", "Transportation"),
    ("Harbor & Finch Agency", "harborfinch.example", "Marketing"),
    ("Alder Health Partners", "alderhealth.example", "Healthcare"),
    ("Northstar Credit Union", "northstar-cu.example", "Financial Services"),
    ("Copperleaf Hospitality", "copperleaf.example", "Hospitality"),
    ("Meridian Association of Planners", "meridian-planners.example", "Non-profit"),
    ("Solstice Venues", "solstice-venues.example", "Hospitality"),
    ("Tidewater Software", "tidewater.example", "Technology"),
    ("Ironbridge Manufacturing", "ironbridge.example", "Manufacturing"),
    ("Lumen Learning Group", "lumenlearning.example", "Education"),
    ("Greenway Energy", "greenway-energy.example", "Energy"),
    ("Atlas Event Productions", "atlas-events.example", "Events"),
    ("Pinecrest University", "pinecrest-university.example", "Education"),
    ("Quartz Retail Co.", "quartz-retail.example", "Retail"),
    ("Riverstone Legal", "riverstone-legal.example", "Legal"),
    ("Silverline Media", "silverline-media.example", "Media"),
    ("Vantage Pharma", "vantage-pharma.example", "Pharmaceuticals"),
    ("Wavelength Telecom", "wavelength.example", "Telecommunications"),
    ("Zephyr Travel", "zephyr-travel.example", "Travel"),
]
PLACES = [  # city, state, zip, country, phone prefix
    ("Stockholm", "", "111 52", "SE", "+46 8 555"), ("Berlin", "Berlin", "10115", "DE", "+49 30 555"),
    ("Lisbon", "", "1100-148", "PT", "+351 21 555"), ("Toronto", "ON", "M5H 2N2", "CA", "+1 416 555"),
    ("Austin", "TX", "78701", "US", "+1 512 555"), ("Chicago", "IL", "60601", "US", "+1 312 555"),
    ("Seattle", "WA", "98101", "US", "+1 206 555"), ("Boston", "MA", "02110", "US", "+1 617 555"),
    ("London", "", "EC2A 4NE", "GB", "+44 20 7946"), ("Dublin", "", "D02 X285", "IE", "+353 1 555"),
    ("Amsterdam", "", "1012 JS", "NL", "+31 20 555"), ("Milan", "MI", "20121", "IT", "+39 02 555"),
    ("Madrid", "", "28013", "ES", "+34 91 555"), ("Nairobi", "", "00100", "KE", "+254 20 555"),
    ("Lagos", "Lagos", "101233", "NG", "+234 1 555"), ("Bengaluru", "Karnataka", "560001", "IN", "+91 80 555"),
    ("Singapore", "", "049315", "SG", "+65 6555"), ("Tokyo", "", "100-0005", "JP", "+81 3 5555"),
    ("Sydney", "NSW", "2000", "AU", "+61 2 5550"), ("São Paulo", "SP", "01310-100", "BR", "+55 11 5555"),
    ("Mexico City", "CDMX", "06600", "MX", "+52 55 5555"), ("Cape Town", "Western Cape", "8001", "ZA", "+27 21 555"),
]
TITLES = ["Event Manager", "Head of Events", "Marketing Director", "Community Manager", "Program Coordinator",
          "VP Marketing", "Operations Lead", "Partner Manager", "Customer Success Manager", "Producer",
          "Sales Director", "Learning & Development Lead", "Chief of Staff", "Sponsorship Manager"]
EMPLOYEES = ["1-20", "21-50", "51-100", "101-250", "251-500", "501-1,000", "1,001-5,000", "5,001-10,000",
             "More than 10,000"]
TIME_FRAMES = ["Within a month", "1-3 months", "4-6 months", "More than 6 months", "No timeframe"]
ROLES = ["Decision Maker", "Evaluator/Recommender", "Influencer", "Not involved"]
LANGUAGES = ["en-US"] * 8 + ["de-DE", "es-ES", "fr-FR", "pt-PT", "jp-JP"]
COMMENTS = ["Looking forward to it!", "Will the recording be shared afterwards?",
            "Joining with two colleagues from our team.", "Interested in the Q&A part especially.",
            "Please send the slides if possible.", ""]

def ascii_local_part(name):
    """An email local part Zoom accepts: lower case ASCII letters and dots, accents dropped."""
    decomposed = unicodedata.normalize("NFKD", name.lower().replace(" ", "").replace("'", ""))
    local = "".join(c for c in decomposed if not unicodedata.combining(c))
    if not local.isascii():
        raise ValueError(f"{name!r} has letters without an ASCII spelling; add one")
    return local

def person():
    first, last = rng.choice(FIRST), rng.choice(LAST)
    company, domain, industry = rng.choice(COMPANIES)
    city, state, zip_code, country, phone = rng.choice(PLACES)
    local = ascii_local_part(f"{first}.{last}")
    return {
        "first_name": first, "last_name": last, "email": f"{local}@{domain}",
        "org": company, "industry": industry, "city": city, "state": state, "zip": zip_code,
        "country": country, "phone": f"{phone} {rng.randint(1000, 9999):04d}",
        "job_title": rng.choice(TITLES), "no_of_employees": rng.choice(EMPLOYEES),
        "purchasing_time_frame": rng.choice(TIME_FRAMES), "role_in_purchase_process": rng.choice(ROLES),
        "address": f"{rng.randint(1, 240)} {rng.choice(['Harbour', 'Market', 'King', 'Elm', 'Station', 'Park'])} "
                   f"{rng.choice(['Street', 'Road', 'Avenue', 'Lane'])}",
        "comments": rng.choice(COMMENTS),
    }

def registrants(event, count, statuses, answer, occurrence_picker=None, language=False):
    """`statuses`: list of (status, weight). `answer(person)` gives custom-question answers."""
    asked = {q["field_name"] for q in event.get("questions", [])}
    required = {q["field_name"] for q in event.get("questions", []) if q["required"]}
    people, seen = [], set()
    created_minutes = event.get("created_days_ago", 30) * 24 * 60
    while len(people) < count:
        p = person()
        if p["email"] in seen:
            continue
        seen.add(p["email"])
        status = rng.choices([s for s, _ in statuses], [w for _, w in statuses])[0]
        fields = {}
        for name in sorted(asked - {"last_name"}):
            if name in required or rng.random() < 0.6:
                if p.get(name):
                    fields[name] = p[name]
        entry = {
            "id": zoom_id(),
            "email": p["email"],
            "first_name": p["first_name"],
            "last_name": p["last_name"],
            "status": status,
            "registered_minutes_ago": rng.randint(45, created_minutes - 60),
        }
        if fields:
            entry["fields"] = fields
        answers = answer(p)
        if answers:
            entry["custom_questions"] = answers
        if occurrence_picker:
            picked = occurrence_picker()
            if picked is not None:
                entry["occurrences"] = picked
        if language:
            entry["language"] = rng.choice(LANGUAGES)
        people.append(entry)
    people.sort(key=lambda r: -r["registered_minutes_ago"])
    return people

def q(name, required):
    return {"field_name": name, "required": required}

def maybe(prob, value):
    return value if rng.random() < prob else None

def answers(*pairs):
    return [{"title": t, "value": v} for t, v in pairs if v is not None]

DAY = 24 * 60
OWNER = "Kx2bT9qLRcOvP4mZ7nWd1A"
HOST = "Ue5hG3jYSfQa8kLr2tNx6B"
BASIC = "Dp7wM1cVTgHs4nQe9yKb3C"
FORMER = "Ra4nZ8xWBvLm2qTc6hJs5D"

meetings = []

m = {"id": 84127650391, "host": OWNER, "topic": "Quarterly Product Roadmap Briefing",
     "type": 2, "timezone": "Europe/Stockholm", "start_in_minutes": 3 * DAY + 6 * 60, "duration": 60,
     "created_days_ago": 24, "password": "Rd8xQ2", "approval_type": 0,
     "agenda": "What shipped this quarter, what is next, and an open Q&A with the product team. "
               "Bring your questions about registration workflows, integrations and reporting.",
     "questions": [q("last_name", True), q("org", True), q("job_title", False), q("country", False),
                   q("no_of_employees", False)],
     "custom_questions": [
         {"title": "How did you hear about this briefing?", "type": "single", "required": True,
          "answers": ["LinkedIn", "Newsletter", "A colleague", "Partner referral", "Other"]},
         {"title": "Which roadmap topic matters most to you?", "type": "short", "required": False}]}
m["registrants"] = registrants(m, 92, [("approved", 85), ("denied", 7)], lambda p: answers(
    ("How did you hear about this briefing?", rng.choice(["LinkedIn", "Newsletter", "A colleague", "Partner referral", "Other"])),
    ("Which roadmap topic matters most to you?", maybe(0.4, rng.choice(
        ["Reporting", "Salesforce sync", "Waitlists", "Badge printing", "Multi-language forms"])))))
meetings.append(m)

m = {"id": 86350218847, "host": OWNER, "topic": "Customer Advisory Board — Spring Session",
     "type": 2, "timezone": "Europe/Stockholm", "start_in_minutes": 10 * DAY + 3 * 60, "duration": 90,
     "created_days_ago": 35, "password": "Cab2026", "approval_type": 1,
     "agenda": "Invitation-only session with our customer advisory board. Registrations are reviewed "
               "by the events team before the joining link is sent.",
     "questions": [q("last_name", True), q("org", True), q("job_title", True), q("phone", False)],
     "custom_questions": [
         {"title": "What is your role in evaluating event tooling?", "type": "single", "required": True,
          "answers": ["Decision maker", "Influencer", "End user"]}]}
m["registrants"] = registrants(m, 56, [("approved", 30), ("pending", 19), ("denied", 7)], lambda p: answers(
    ("What is your role in evaluating event tooling?", rng.choice(["Decision maker", "Influencer", "End user"]))))
meetings.append(m)

m = {"id": 89516034472, "host": HOST, "topic": "Onboarding Office Hours",
     "type": 8, "timezone": "America/New_York", "start_in_minutes": 2 * DAY + 9 * 60, "duration": 45,
     "created_days_ago": 20, "password": "Oh45min", "approval_type": 0, "registration_type": 3,
     "occurrences": 6,
     "agenda": "Weekly drop-in help for new customers: setting up registration forms, approvals and "
               "exports. Pick the sessions that suit you.",
     "questions": [q("last_name", False), q("org", False)],
     "custom_questions": [{"title": "What would you like help with?", "type": "short", "required": False}]}
m["registrants"] = registrants(m, 72, [("approved", 66), ("denied", 6)], lambda p: answers(
    ("What would you like help with?", maybe(0.5, rng.choice(
        ["Custom questions", "Approval workflow", "CSV import", "Reminder emails", "Reporting"])))),
    occurrence_picker=lambda: None if rng.random() < 0.35 else sorted(rng.sample(range(6), rng.randint(1, 3))))
meetings.append(m)

m = {"id": 82209871536, "host": HOST, "topic": "Hands-on Lab: Registration Workflows",
     "type": 8, "timezone": "America/New_York", "start_in_minutes": 5 * DAY + 10 * 60, "duration": 120,
     "created_days_ago": 18, "password": "Lab4u2", "approval_type": 1, "registration_type": 2,
     "occurrences": 4,
     "agenda": "A guided lab in four weekly runs. Seats are limited, so each registration is for one "
               "run and is approved by the host.",
     "questions": [q("last_name", True), q("org", False), q("job_title", False)],
     "custom_questions": [{"title": "Laptop operating system", "type": "single", "required": False,
                           "answers": ["macOS", "Windows", "Linux", "ChromeOS"]}]}
m["registrants"] = registrants(m, 44, [("approved", 24), ("pending", 14), ("denied", 6)], lambda p: answers(
    ("Laptop operating system", maybe(0.7, rng.choice(["macOS", "Windows", "Linux", "ChromeOS"])))),
    occurrence_picker=lambda: [rng.randint(0, 3)])
meetings.append(m)

meetings.append({"id": 87743215908, "host": OWNER, "topic": "Events Team Weekly Sync", "type": 2,
                 "timezone": "Europe/Stockholm", "start_in_minutes": DAY + 7 * 60, "duration": 30,
                 "created_days_ago": 60, "password": "Sync30", "approval_type": 2,
                 "agenda": "Internal: pipeline review and run-of-show for upcoming events."})
meetings.append({"id": 83390127745, "host": BASIC, "topic": "Book Club: The Art of Gathering", "type": 2,
                 "timezone": "Asia/Kolkata", "start_in_minutes": 6 * DAY + 12 * 60, "duration": 40,
                 "created_days_ago": 9, "password": "Books1", "approval_type": 2,
                 "agenda": "Chapters 4-6. Registration is not needed; the link is in the team calendar."})

webinars = []
w = {"id": 91284503317, "host": OWNER, "topic": "State of Event Tech 2026",
     "type": 5, "timezone": "Europe/Stockholm", "start_in_minutes": 14 * DAY + 5 * 60, "duration": 75,
     "created_days_ago": 45, "password": "Sevt26", "approval_type": 0,
     "agenda": "Our annual survey of 1,200 event professionals: budgets, hybrid formats, registration "
               "conversion and what attendees expect in 2026. Live panel with Q&A.",
     "questions": [q("last_name", True), q("org", True), q("job_title", True), q("country", True),
                   q("industry", False), q("no_of_employees", False), q("purchasing_time_frame", False),
                   q("role_in_purchase_process", False)],
     "custom_questions": [
         {"title": "Which best describes your organization?", "type": "single_radio", "required": True,
          "answers": ["Agency", "Corporate events team", "Association", "Venue", "Other"]},
         {"title": "Preferred session track", "type": "single_dropdown", "required": False,
          "answers": ["Hybrid production", "Registration & ticketing", "Sponsorship", "Analytics"]},
         {"title": "Topics of interest", "type": "multiple", "required": False,
          "answers": ["Budgets", "AI tools", "Accessibility", "Sustainability"]},
         {"title": "Questions for the panel", "type": "short", "required": False}]}
w["registrants"] = registrants(w, 342, [("approved", 93), ("denied", 7)], lambda p: answers(
    ("Which best describes your organization?", rng.choice(["Agency", "Corporate events team", "Association", "Venue", "Other"])),
    ("Preferred session track", maybe(0.6, rng.choice(["Hybrid production", "Registration & ticketing", "Sponsorship", "Analytics"]))),
    ("Topics of interest", maybe(0.5, ", ".join(sorted(rng.sample(["Budgets", "AI tools", "Accessibility", "Sustainability"], rng.randint(1, 2)))))),
    ("Questions for the panel", maybe(0.2, rng.choice(
        ["How are teams measuring hybrid ROI?", "Which registration fields hurt conversion most?",
         "Any data on no-show rates by region?"])))), language=True)
webinars.append(w)

w = {"id": 95531870264, "host": OWNER, "topic": "Partner Enablement: Selling Hybrid Events",
     "type": 5, "timezone": "Europe/Stockholm", "start_in_minutes": 21 * DAY + 4 * 60, "duration": 60,
     "created_days_ago": 15, "password": "Prtnr1", "approval_type": 1,
     "agenda": "For registered partners only. Positioning, pricing and a demo of the new registration desk.",
     "questions": [q("last_name", True), q("org", True), q("job_title", False), q("country", False)],
     "custom_questions": [{"title": "Partner tier", "type": "single_dropdown", "required": True,
                           "answers": ["Gold", "Silver", "Registered"]}]}
w["registrants"] = registrants(w, 90, [("approved", 45), ("pending", 35), ("denied", 10)], lambda p: answers(
    ("Partner tier", rng.choice(["Gold", "Silver", "Registered"]))), language=True)
webinars.append(w)

w = {"id": 97760241185, "host": OWNER, "topic": "Masterclass Series: Designing Hybrid Experiences",
     "type": 9, "timezone": "Europe/Stockholm", "start_in_minutes": 7 * DAY + 4 * 60, "duration": 60,
     "created_days_ago": 28, "password": "Mclass", "approval_type": 0, "registration_type": 3,
     "occurrences": 4,
     "agenda": "Four weekly masterclasses: audience journeys, stage design for two audiences, "
               "interactive formats, and measuring what matters. Choose one or more.",
     "questions": [q("last_name", True), q("org", False), q("country", False)],
     "custom_questions": [{"title": "Experience with hybrid events", "type": "single_radio", "required": False,
                           "answers": ["None yet", "1-3 events", "4 or more events"]}]}
w["registrants"] = registrants(w, 64, [("approved", 60), ("denied", 4)], lambda p: answers(
    ("Experience with hybrid events", maybe(0.7, rng.choice(["None yet", "1-3 events", "4 or more events"])))),
    occurrence_picker=lambda: None if rng.random() < 0.3 else sorted(rng.sample(range(4), rng.randint(1, 4))),
    language=True)
webinars.append(w)

GRANULAR = ["user:read:list_users:admin", "user:read:user:admin"] + [
    f"{kind}:{scope}:admin" for kind in ("meeting", "webinar") for scope in [
        f"read:list_{kind}s", f"read:{kind}", "read:list_registrants", "write:registrant",
        "read:registrant", "delete:registrant", "update:registrant_status",
        "read:list_registration_questions", "update:registration_question", "write:batch_registrants"]]

data = {
    "account": {"id": "rZ3nWq8HTbOkLm2xYv5cPA"},
    "id_seed": 20261123,
    "users": [
        {"id": OWNER, "email": "maya.lindqvist@northwind-events.example", "first_name": "Maya",
         "last_name": "Lindqvist", "type": 2, "role_id": "0", "dept": "Events",
         "timezone": "Europe/Stockholm", "pmi": 4158862093, "webinar": True, "created_days_ago": 1460,
         "last_login_minutes_ago": 35},
        {"id": HOST, "email": "daniel.okafor@northwind-events.example", "first_name": "Daniel",
         "last_name": "Okafor", "type": 2, "role_id": "2", "dept": "Customer Success",
         "timezone": "America/New_York", "pmi": 6204417785, "webinar": False, "created_days_ago": 610,
         "last_login_minutes_ago": 190},
        {"id": BASIC, "email": "priya.raman@northwind-events.example", "first_name": "Priya",
         "last_name": "Raman", "type": 1, "role_id": "2", "dept": "Marketing",
         "timezone": "Asia/Kolkata", "pmi": 7391054426, "created_days_ago": 240,
         "last_login_minutes_ago": 2900},
        {"id": FORMER, "email": "tomas.herrera@northwind-events.example", "first_name": "Tomás",
         "last_name": "Herrera", "type": 2, "status": "inactive", "role_id": "2", "dept": "Sales",
         "timezone": "Europe/Madrid", "pmi": 5528806137, "created_days_ago": 900,
         "last_login_minutes_ago": 150000},
    ],
    "apps": [
        {"type": "s2s", "owner": OWNER, "client_id": "rDk7QpXz2LmN4vB8sT1wYg",
         "client_secret": "Zk3vN8qR2sT6wY1aB4cD7eF0gH3jK5mP", "scopes": GRANULAR},
        {"type": "jwt", "owner": OWNER, "api_key": "Fq2LrT8vXw3NzB6cDk9HjA",
         "api_secret": "pV7sX2kQ9mN4bR6tY1wZ3cE8fH5jL0aD"},
    ],
    "meetings": meetings,
    "webinars": webinars,
}

def dump(value, indent=0):
    """JSON with one registrant (or question) per line: reviewable diffs, a modest file."""
    pad = "  " * indent
    if isinstance(value, dict):
        if indent >= 3 or all(not isinstance(v, (dict, list)) for v in value.values()):
            return json.dumps(value, ensure_ascii=False)
        items = [f'{pad}  {json.dumps(k)}: {dump(v, indent + 1)}' for k, v in value.items()]
        return "{\n" + ",\n".join(items) + f"\n{pad}}}"
    if isinstance(value, list):
        if not value:
            return "[]"
        if all(not isinstance(v, (dict, list)) for v in value):
            return json.dumps(value, ensure_ascii=False)
        items = [f"{pad}  {dump(v, indent + 1)}" for v in value]
        return "[\n" + ",\n".join(items) + f"\n{pad}]"
    return json.dumps(value, ensure_ascii=False)

out = Path(__file__).resolve().parent.parent / "assets" / "demo.json"
out.write_text(dump(data) + "\n", encoding="utf-8")
total = sum(len(e.get("registrants", [])) for e in meetings + webinars)
print(f"wrote {out} ({total} registrants)")
