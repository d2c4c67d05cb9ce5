"""`clinic-intake search TEXT`: the GUI's client search on the command line, same answers.

Both call `ClientDirectory.search_clients` with the same ClientQuery, so a name in any order,
without accents or with one wrong letter, and an A-number with or without "A" and dashes find
the same clients in the same order (exact matches first, then close ones).
"""

from __future__ import annotations

import argparse
import json
from typing import TextIO

from clinic_app.search import MAX_PAGE, ClientPage, ClientQuery, ClientSort
from clinic_app.services.workspace import Workspace

DEFAULT_LIMIT = 20


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser],
               common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "search", parents=[common], help="find clients by name or A-number (as the GUI does)",
        description="Find clients as the Clients page does: names in any order, accents and "
                    "capitals ignored, one wrong letter forgiven; or an A-number with or "
                    "without 'A', spaces or dashes. Exact matches come first. Exit 1 when "
                    "nothing matches.")
    p.add_argument("text", nargs="*", metavar="TEXT", help="what to look for (words)")
    p.add_argument("--limit", type=_limit, default=DEFAULT_LIMIT, metavar="N",
                   help=f"at most N clients (default {DEFAULT_LIMIT}, at most {MAX_PAGE})")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--urgent", action="store_true",
                   help="only clients whose newest intake has an urgent flag")
    p.add_argument("--unreviewed", action="store_true",
                   help="only clients with a flag no attorney has decided on")
    p.add_argument("--deadline-within", type=_days, metavar="DAYS", default=None,
                   help="only clients with a deadline due within DAYS days (overdue included)")
    p.add_argument("--sort", choices=[s.value for s in ClientSort], default=ClientSort.RECENT,
                   help="order after relevance (default: recently changed first)")


def _limit(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None
    if not 1 <= value <= MAX_PAGE:
        raise argparse.ArgumentTypeError(f"the limit must be between 1 and {MAX_PAGE}")
    return value


def _days(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of days") from None
    if value < 0:
        raise argparse.ArgumentTypeError("the number of days cannot be negative")
    return value


def query_from(args: argparse.Namespace) -> ClientQuery:
    sort = ClientSort(args.sort)
    return ClientQuery(text=" ".join(args.text), urgent=args.urgent, unreviewed=args.unreviewed,
                       deadline_days=args.deadline_within, sort=sort,
                       descending=sort in (ClientSort.RECENT, ClientSort.FLAGS),
                       limit=args.limit)


def run_search(args: argparse.Namespace, workspace: Workspace, out: TextIO, err: TextIO,
               _ask: object = None) -> int:
    page = workspace.clients.search_clients(query_from(args))
    if args.format == "json":
        json.dump(page_json(page), out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        for position, row in enumerate(page.rows):
            close = "  (similar spelling)" if page.is_close_match(position) else ""
            nat = ",".join(row.nationalities) or "--"
            flags = f"{row.flag_count} flag(s)" + (
                f", {row.urgent_count} urgent" if row.urgent_count else "")
            print(f"{row.client_id}  {row.display_name}  {row.a_number or '--'}  {nat}  "
                  f"last entry {row.last_entry or '--'}  {flags}{close}", file=out)
        shown = len(page.rows)
        print(f"{shown} of {page.total} matching clients ({page.everyone} in the store)",
              file=err)
    return 0 if page.total else 1


def page_json(page: ClientPage) -> dict[str, object]:
    return {
        "query": page.query.text, "total": page.total, "exact": page.exact,
        "clients": [{"id": r.client_id, "name": r.display_name, "a_number": r.a_number,
                     "nationalities": list(r.nationalities), "last_entry": r.last_entry,
                     "flags": r.flag_count, "urgent": r.urgent_count,
                     "close_match": page.is_close_match(i)}
                    for i, r in enumerate(page.rows)],
    }
