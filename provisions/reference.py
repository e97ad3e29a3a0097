"""Build the app's fixtures from the shared reference files (pure Python, no database).

The CSV files in ``shared/reference`` are the source of truth; ``manage.py build_fixtures``
turns them into Django fixtures (natural keys, so ``loaddata`` updates rather than duplicates),
and the two seed statements with their hand-labelled stances into ``fixtures/seeds.json``.
"""

import csv
import json
import re
from dataclasses import dataclass
from pathlib import Path

from extraction.names import normalise_name
from extraction.spec import ProvisionSpec, build_specs

NEGOTIATION = {
    "slug": "un-cybercrime-convention",
    "name": "UN Convention against Cybercrime",
    "short_name": "Cybercrime Convention",
    "description": (
        "Negotiated by the Ad Hoc Committee to Elaborate a Comprehensive International Convention "
        "on Countering the Use of Information and Communications Technologies for Criminal "
        "Purposes (2022-2024); adopted by General Assembly resolution 79/243 on 24 December 2024."
    ),
}

REGIONAL_GROUPS = {
    "African States": "african",
    "Asia-Pacific States": "asia-pacific",
    "Eastern European States": "eastern-european",
    "Latin American and Caribbean States": "latin-american-caribbean",
    "Western European and Others States": "western-european-others",
}

# Generated alias forms for every state and observer ("the delegation of Japan", ...).
ALIAS_PATTERNS = (
    "{}",
    "delegation of {}",
    "representative of {}",
    "permanent representative of {}",
    "permanent mission of {}",
    "government of {}",
)

# The metadata of the two seed statements, which their files do not carry in a structured form.
SEED_STATEMENTS = (
    {
        "file": "000_9e58d0b6dbad33d0.txt",
        "delegation": "JPN",
        "session": "AHC-1",
        "delivered_on": None,
        "agenda_item": "6",
        "speaker": (
            "Mr. Yamada Tetsuya, Director of the International Safety and Security Cooperation "
            "Division, Ministry of Foreign Affairs of Japan"
        ),
        "title": "Statement by the Representative of Japan at the First Session of the Ad Hoc Committee",
        "cut_at": None,
    },
    {
        "file": "002_eb8ca640637e4508.txt",
        "delegation": "JPN",
        "session": "CCPCJ-24",
        "delivered_on": "2015-05-21",
        "agenda_item": (
            "7: Comprehensive and balanced approaches to prevent and adequately respond to new "
            "and emerging forms of transnational crime"
        ),
        "speaker": "Mr. Fumito Miyake, Minister-Counsellor",
        "title": "Statement by Japan at the 24th session of the Commission on Crime Prevention and "
        "Criminal Justice",
        # The published page runs on into an unrelated news item, which is not the statement.
        "cut_at": "The Practical Export Control Workshop",
    },
)


@dataclass(frozen=True)
class Fixtures:
    delegations: list[dict]
    provisions: list[dict]
    seeds: dict


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return list(csv.DictReader(lines))


def parse_article_ranges(spec: str) -> list[int]:
    """'23,25-30' -> [23, 25, 26, 27, 28, 29, 30]; '' -> []."""
    numbers: list[int] = []
    for part in filter(None, (p.strip() for p in spec.split(","))):
        if "-" in part:
            low, high = (int(x) for x in part.split("-", 1))
            numbers.extend(range(low, high + 1))
        else:
            numbers.append(int(part))
    return numbers


def membership_date(value: str, *, end: bool) -> str | None:
    """A `since`/`until` value as an ISO date: '2020-01-31' as is; a year alone ('1969', as the
    OIC's joining years are given) as the year's first day for `since` and its last for `until`,
    so the membership covers the whole year the sources name; '' (not verified) as None, which
    the app reads as an open end."""
    value = value.strip()
    if not value:
        return None
    if re.fullmatch(r"\d{4}", value):
        return f"{value}-12-31" if end else f"{value}-01-01"
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError(f"group_memberships.csv: not a date or a year: {value!r}")
    return value


def build_delegations(reference: Path) -> list[dict]:
    rows = read_csv(reference / "delegations.csv")
    objects: list[dict] = []
    for row in rows:
        objects.append(
            {
                "model": "delegations.delegation",
                "fields": {
                    "code": row["code"],
                    "name": row["name"],
                    "common_name": row["common_name"],
                    "kind": row["kind"],
                    "iso2": row["iso2"],
                    "regional_group": REGIONAL_GROUPS.get(row["un_regional_group"], ""),
                },
            }
        )
    codes = {row["code"]: row["kind"] for row in rows}
    for row in read_csv(reference / "group_memberships.csv"):
        if codes.get(row["group_code"]) != "group" or row["member_code"] not in codes:
            raise ValueError(f"group_memberships.csv: unknown group or member in {row}")
        objects.append(
            {
                "model": "delegations.groupmembership",
                "fields": {
                    "group": [row["group_code"]],
                    "member": [row["member_code"]],
                    "start_date": membership_date(row["since"], end=False),
                    "end_date": membership_date(row["until"], end=True),
                },
            }
        )
    return objects


def build_aliases(reference: Path, extra_aliases: Path) -> list[dict]:
    """Alias rows: generated forms for every delegation plus the hand-kept list."""
    seen: dict[str, str] = {}
    pairs: list[tuple[str, str]] = []

    def add(code: str, name: str) -> None:
        key = normalise_name(name)
        if key and key not in seen:
            seen[key] = code
            pairs.append((code, name))

    rows = read_csv(reference / "delegations.csv")
    for row in rows:
        add(row["code"], row["code"])
    for row in rows:
        for name in dict.fromkeys((row["name"], row["common_name"])):
            for pattern in ALIAS_PATTERNS:
                add(row["code"], pattern.format(name))
    for row in read_csv(extra_aliases):
        add(row["code"], row["alias"])
    return [
        {
            "model": "delegations.delegationalias",
            "fields": {"delegation": [code], "name": name, "normalized": normalise_name(name)},
        }
        for code, name in pairs
    ]


def build_provisions(reference: Path, keywords: dict[str, list[str]]) -> list[dict]:
    negotiation = NEGOTIATION["slug"]
    objects: list[dict] = [{"model": "provisions.negotiation", "fields": dict(NEGOTIATION)}]
    for row in read_csv(reference / "sessions.csv"):
        objects.append(
            {
                "model": "provisions.session",
                "fields": {
                    "negotiation": [negotiation],
                    "code": row["code"],
                    "name": row["name"],
                    "body": row["body"],
                    "kind": row["kind"],
                    "number": int(row["number"]) if row["number"] else None,
                    "start_date": row["start_date"],
                    "end_date": row["end_date"],
                    "city": row["city"],
                    "country_code": row["country_code"],
                },
            }
        )
    articles = read_csv(reference / "articles.csv")
    chapters: dict[int, str] = {}
    for row in articles:
        chapters.setdefault(int(row["chapter_number"]), row["chapter_title"])
    for number, title in sorted(chapters.items()):
        objects.append(
            {
                "model": "provisions.provision",
                "fields": {
                    "negotiation": [negotiation],
                    "slug": f"ch-{number}",
                    "kind": "chapter",
                    "number": number,
                    "title": title,
                    "parent": None,
                    "sort_order": number * 1000,
                },
            }
        )
    for row in articles:
        number, chapter = int(row["number"]), int(row["chapter_number"])
        objects.append(
            {
                "model": "provisions.provision",
                "fields": {
                    "negotiation": [negotiation],
                    "slug": f"art-{number}",
                    "kind": "article",
                    "number": number,
                    "title": row["title"],
                    "parent": [negotiation, f"ch-{chapter}"],
                    "sort_order": chapter * 1000 + number,
                },
            }
        )
    for index, row in enumerate(read_csv(reference / "issues.csv"), start=1):
        objects.append(
            {
                "model": "provisions.provision",
                "fields": {
                    "negotiation": [negotiation],
                    "slug": row["slug"],
                    "kind": "issue",
                    "number": None,
                    "title": row["title"],
                    "category": row["category"],
                    "description": row["description"],
                    "keywords": "\n".join(keywords.get(row["slug"], [])),
                    "parent": None,
                    "related": [
                        [negotiation, f"art-{n}"] for n in parse_article_ranges(row["articles"])
                    ],
                    "sort_order": 100_000 + index,
                },
            }
        )
    return objects


_BLANK_RUN = re.compile(r"\n{3,}")


_MARKDOWN_BREAK = re.compile(r"[ \t]+\n")


def seed_text(raw: str, cut_at: str | None) -> str:
    """The statement text of a seed file: without what follows `cut_at`, trimmed.

    The files were saved from web pages as Markdown: bold markers (``**``) and the trailing
    spaces that mark line breaks are formatting, not words of the statement, so they go.
    """
    if cut_at:
        index = raw.find(cut_at)
        if index < 0:
            raise ValueError(f"seed text has no {cut_at!r} to cut at")
        raw = raw[:index]
    text = raw.replace("\r\n", "\n").replace("**", "")
    text = _MARKDOWN_BREAK.sub("\n", text)
    return _BLANK_RUN.sub("\n\n", text).strip()


def build_seeds(seeds_dir: Path, gold_file: Path) -> dict:
    statements, texts = [], {}
    for meta in SEED_STATEMENTS:
        text = seed_text((seeds_dir / meta["file"]).read_text(encoding="utf-8"), meta["cut_at"])
        texts[meta["file"]] = text
        statement = {k: v for k, v in meta.items() if k != "cut_at"}
        statement["language"] = "en"
        statement["text"] = text
        statements.append(statement)
    stances = []
    for line in gold_file.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        text = texts[record["statement"]]
        start = text.find(record["evidence"])
        if start < 0:
            raise ValueError(f"evidence not found in {record['statement']}: {record['evidence']!r}")
        stances.append(
            {
                "statement": record["statement"],
                "delegation": record["delegation"],
                "provision": record["provision"],
                "position": record["stance"],
                "evidence": record["evidence"],
                "evidence_start": start,
                "evidence_end": start + len(record["evidence"]),
            }
        )
    return {"negotiation": NEGOTIATION["slug"], "statements": statements, "stances": stances}


def build_all(shared: Path, project: Path) -> Fixtures:
    reference = shared / "reference"
    keywords_file = project / "fixtures" / "keywords.json"
    keywords = (
        json.loads(keywords_file.read_text(encoding="utf-8")) if keywords_file.exists() else {}
    )
    delegations = build_delegations(reference) + build_aliases(
        reference, project / "fixtures" / "source" / "aliases.csv"
    )
    return Fixtures(
        delegations=delegations,
        provisions=build_provisions(reference, keywords),
        seeds=build_seeds(shared / "seeds", shared / "eval" / "seeds-gold.jsonl"),
    )


def provision_specs_from_fixture(path: Path) -> tuple[ProvisionSpec, ...]:
    """The provisions of a fixture file (``fixtures/provisions.json``) as the extractor sees
    them: links made both ways, as the symmetrical ``Provision.related`` stores them, in the
    order the rows load (their primary-key order)."""
    objects = [
        o["fields"]
        for o in json.loads(path.read_text(encoding="utf-8"))
        if o["model"] == "provisions.provision"
    ]
    related: dict[str, list[str]] = {}
    for fields in objects:
        for _negotiation, target in fields.get("related", []):
            related.setdefault(fields["slug"], []).append(target)
            related.setdefault(target, []).append(fields["slug"])
    return build_specs(
        {
            **fields,
            "parent": fields["parent"][1] if fields.get("parent") else None,
            "related": related.get(fields["slug"], ()),
        }
        for fields in objects
    )
