"""Command line: `python -m fsot_data fetch | build | sources`."""

from __future__ import annotations

import argparse
import sys
import time

from datafiles.errors import DataProblem
from fsot_data import registry
from fsot_data.build import build_all
from fsot_data.config import build_dir, lad_codes, sources_dir
from fsot_data.fetch import fetch


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m fsot_data", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("fetch", help="make sure every source is in the sources folder (download what is missing)")
    build_parser = commands.add_parser("build", help="build the app-ready tables (only what changed)")
    build_parser.add_argument("--force", action="store_true", help="rebuild everything")
    commands.add_parser("sources", help="list the source registry")
    args = parser.parse_args(argv)
    try:
        if args.command == "fetch":
            print(f"Sources folder: {sources_dir()}")
            results = fetch()
            manual = [r for r in results if r.status == "manual"]
            if manual:
                print(f"{len(manual)} source(s) must be fetched by hand (see above).", file=sys.stderr)
                return 1
        elif args.command == "build":
            print(f"Building for {', '.join(lad_codes())} from {sources_dir()} into {build_dir()}")
            started = time.perf_counter()
            build_all(force=args.force)
            print(f"Done in {time.perf_counter() - started:.1f} s")
        else:
            for source in registry.all_sources().values():
                print(f"{source.id}\n  {source.citation()}\n  {source.licence}; {source.page_url}")
    except DataProblem as problem:
        print(f"\nProblem with {problem.file}:\n  {problem.problem}\n  How to fix: {problem.fix}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
