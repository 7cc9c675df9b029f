"""The yardstick: each benchmarked command's work done by a plain sqlite3 (+ openpyxl) script.

``python benchmarks/plain.py CASE REGISTER [ARG]`` reads the same register and produces the same
kind of output as the klacht command, with nothing but the standard library (and openpyxl for
the workbook): no ORM, no domain layer, no CLI framework. benchmarks/scale.py divides klacht's
CPU time by this script's to get the "ratio" column. Working days are counted Mon–Fri minus the
feestdagen of the standard library's reach (none): the plain script skips that care, so it is a
little faster than a faithful one would be.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from datetime import date, timedelta


def _weekdays(a: date, b: date) -> int:
    """Mon–Fri in (a, b], negative when b < a."""
    if b < a:
        return -_weekdays(b, a)

    def through(d: date) -> int:
        weeks, rest = divmod(d.toordinal(), 7)
        return weeks * 5 + min(rest, 5)

    return through(b) - through(a)


def overdue(conn: sqlite3.Connection, today: str) -> None:
    peil = date.fromisoformat(today)
    rows = conn.execute(
        """
        SELECT c.number, c.handler, hp.code,
               CASE WHEN c.handler = 'gemeente' AND c.contact_on IS NULL AND c.contact_due < :d
                    THEN c.contact_due END,
               CASE WHEN c.handling_due < :d THEN c.handling_due END,
               (SELECT group_concat(p.code) FROM complaint_partner cp
                JOIN partner p ON p.id = cp.partner_id WHERE cp.complaint_id = c.id)
        FROM complaint c LEFT JOIN partner hp ON hp.id = c.handler_partner_id
        WHERE c.status <> 'closed'
          AND CASE WHEN c.handling_due < :d THEN 1
                   WHEN c.handler = 'gemeente' AND c.contact_on IS NULL AND c.contact_due < :d
                   THEN 1 ELSE 0 END = 1
        """,  # a CASE, not an OR: so SQLite reads the open complaints' partial index only
        {"d": today},
    ).fetchall()
    items = []
    for number, handler, handling_partner, contact_due, handling_due, concerned in rows:
        partner = handling_partner or (concerned if concerned and "," not in concerned else "")
        for kind, due in (("contact", contact_due), ("afhandeling", handling_due)):
            if due:
                items.append((due, kind, number, partner or "", handler))
    for due, ref, partner in conn.execute(
        "SELECT o.deadline, o.reference, p.code FROM ombudsman_item o "
        "LEFT JOIN partner p ON p.id = o.partner_id "
        "WHERE o.answered_on IS NULL AND o.deadline < ?",
        (today,),
    ):
        items.append((due, "ombudsman", ref, partner or "", ""))
    items.sort()
    out = [
        f"{due}  {kind:<12} {number:<12} {partner:<18} {handler:<9} "
        f"{_weekdays(peil, date.fromisoformat(due))}"
        for due, kind, number, partner, handler in items
    ]
    sys.stdout.write(f"{len(out)} verlopen termijnen\n" + "\n".join(out) + "\n")


def quarter(conn: sqlite3.Connection, label: str, output: str) -> None:
    from openpyxl import Workbook

    year, q = int(label[:4]), int(label[-1])
    start = date(year, 3 * q - 2, 1)
    end = (date(year + (q == 4), (3 * q) % 12 + 1, 1)) - timedelta(days=1)
    s, e = start.isoformat(), end.isoformat()
    wb = Workbook(write_only=True)
    summary = wb.create_sheet("Samenvatting")
    figures = conn.execute(
        """
        SELECT sum(received BETWEEN :s AND :e), sum(closed_on BETWEEN :s AND :e),
               sum(received <= :e AND (closed_on IS NULL OR closed_on > :e)),
               sum(contact_on BETWEEN :s AND :e AND contact_on <= contact_due),
               sum(closed_on BETWEEN :s AND :e AND closed_on <= handling_due),
               sum(closed_on BETWEEN :s AND :e AND extension_weeks > 0),
               sum(closed_on BETWEEN :s AND :e AND satisfied = 'ja'),
               avg(CASE WHEN closed_on BETWEEN :s AND :e
                   THEN julianday(closed_on) - julianday(received) END)
        FROM complaint
        """,
        {"s": s, "e": e},
    ).fetchone()
    summary.append(["Kengetal", "Waarde"])
    for name, value in zip(
        ("Ontvangen", "Afgehandeld", "Open", "Contact tijdig", "Binnen termijn", "Verdaagd"),
        figures,
        strict=False,
    ):
        summary.append([name, value])
    for group in ("category", "channel", "verdict"):
        for key, n in conn.execute(
            f"SELECT {group}, count(*) FROM complaint WHERE received BETWEEN ? AND ? "
            f"GROUP BY {group}",
            (s, e),
        ):
            summary.append([key, n])
    sheet = wb.create_sheet("Klachten")
    sheet.append(
        ["Nummer", "Ontvangen", "Kanaal", "Ketenpartner", "Categorie", "Behandelaar", "Status"]
        + ["Contact op", "Contact tijdig", "Afgehandeld op", "Termijn", "Binnen termijn"]
        + ["Verdaagd", "Oordeel", "Tevreden", "Maatregel"]
    )
    rows = conn.execute(
        """
        SELECT c.number, c.received, c.channel,
               (SELECT group_concat(p.code, ', ') FROM complaint_partner cp
                JOIN partner p ON p.id = cp.partner_id WHERE cp.complaint_id = c.id),
               c.category, c.handler, c.status, c.contact_on, c.contact_due, c.closed_on,
               c.handling_due, c.extension_weeks, c.verdict, c.satisfied, c.measure
        FROM complaint c
        WHERE c.received <= :e AND (c.received >= :s OR c.closed_on IS NULL OR c.closed_on >= :s)
        ORDER BY c.received, c.seq
        """,
        {"s": s, "e": e},
    )

    def day(text: str | None) -> date | None:
        return date.fromisoformat(text) if text else None

    for r in rows:
        contact_on, closed_on, handling_due = day(r[7]), day(r[9]), day(r[10])
        sheet.append(
            [r[0], day(r[1]), r[2], r[3], r[4], r[5], r[6], contact_on]
            + [None if contact_on is None else r[7] <= r[8], closed_on, handling_due]
            + [None if closed_on is None else r[9] <= r[10], r[11] > 0, r[12], r[13], r[14]]
        )
    wb.save(output)


def year(conn: sqlite3.Connection, value: str) -> None:
    s, e = f"{value}-01-01", f"{value}-12-31"
    result: dict[str, object] = {}
    for name, group in (("per_categorie", "category"), ("per_oordeel", "verdict")):
        result[name] = dict(
            conn.execute(
                f"SELECT coalesce({group}, '-'), count(*) FROM complaint "
                f"WHERE received BETWEEN ? AND ? GROUP BY {group}",
                (s, e),
            ).fetchall()
        )
    result["per_partner"] = dict(
        conn.execute(
            "SELECT p.code, count(*) FROM complaint c JOIN complaint_partner cp "
            "ON cp.complaint_id = c.id JOIN partner p ON p.id = cp.partner_id "
            "WHERE c.received BETWEEN ? AND ? GROUP BY p.code",
            (s, e),
        ).fetchall()
    )
    result["totalen"] = conn.execute(
        "SELECT sum(received BETWEEN :s AND :e), sum(closed_on BETWEEN :s AND :e), "
        "sum(closed_on BETWEEN :s AND :e AND closed_on <= handling_due) FROM complaint",
        {"s": s, "e": e},
    ).fetchone()
    print(json.dumps(result))


def analysis(conn: sqlite3.Connection, today: str) -> None:
    start = (date.fromisoformat(today) - timedelta(days=365)).isoformat()
    rows = conn.execute(
        "SELECT p.code, c.category, substr(c.received, 1, 4) || '-Q' || "
        "((CAST(substr(c.received, 6, 2) AS INTEGER) + 2) / 3), count(*) "
        "FROM complaint c JOIN complaint_partner cp ON cp.complaint_id = c.id "
        "JOIN partner p ON p.id = cp.partner_id WHERE c.received BETWEEN ? AND ? "
        "GROUP BY 1, 2, 3",
        (start, today),
    ).fetchall()
    repeated = conn.execute(
        "SELECT coalesce(client, complainant_name), count(*) FROM complaint "
        "WHERE received BETWEEN ? AND ? GROUP BY 1 HAVING count(*) > 2",
        (start, today),
    ).fetchall()
    print(len(rows), len(repeated))


def show(conn: sqlite3.Connection, number: str) -> None:
    row = conn.execute("SELECT * FROM complaint WHERE number = ?", (number,)).fetchone()
    events = conn.execute(
        'SELECT kind, "on", employee, text FROM event WHERE complaint_id = ? ORDER BY "on", id',
        (row[0],),
    ).fetchall()
    print(row)
    for e in events:
        print(*e)


def register(conn: sqlite3.Connection, today: str) -> None:
    conn.isolation_level = None
    conn.execute("BEGIN IMMEDIATE")
    y = int(today[:4])
    seq = conn.execute("SELECT coalesce(max(seq), 0) + 1 FROM complaint WHERE year = ?", (y,))
    n = seq.fetchone()[0]
    number = f"K-{y}-{n:04d}"
    due = date.fromisoformat(today) + timedelta(weeks=6)
    cur = conn.execute(
        "INSERT INTO complaint (number, year, seq, received, channel, lodged_with, "
        "complainant_name, category, description, complex, earlier_at_partner, "
        "wants_municipality, to_administrator, rules, advised_handler, handler, status, "
        "deadline_start, contact_due, handling_due, handling_rule, extension_weeks, "
        "extension_consent, legal_hold, created_at) VALUES (?, ?, ?, ?, 'telefoon', "
        "'gemeente', 'Test Persoon', 'bejegening', 'Onvriendelijk', 0, 0, 0, 0, 'G1', "
        "'gemeente', 'gemeente', 'registered', ?, ?, ?, '6 weken', 0, 0, 0, ?)",
        (number, y, n, today, today, today, due.isoformat(), today),
    )
    conn.execute(
        'INSERT INTO event (complaint_id, kind, "on", employee, text, created_at) '
        "VALUES (?, 'ontvangen', ?, 'bench', 'Klacht ontvangen', ?)",
        (cur.lastrowid, today, today),
    )
    conn.execute(
        "INSERT INTO audit_log (at, employee, command, entity, entity_key, action) "
        "VALUES (?, 'bench', 'nieuw', 'klacht', ?, 'nieuw')",
        (today, number),
    )
    conn.execute("COMMIT")
    print(number, due)


CASES = {
    "overdue": overdue,
    "quarter": quarter,
    "year": year,
    "analysis": analysis,
    "show": show,
    "register": register,
}


def main() -> None:
    case, path, *args = sys.argv[1:]
    conn = sqlite3.connect(path)
    try:
        CASES[case](conn, *args)  # type: ignore[operator]
    finally:
        conn.close()


if __name__ == "__main__":
    main()
