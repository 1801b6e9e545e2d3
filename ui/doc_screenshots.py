"""The screenshots in docs/screenshots: a few pictures of the demo tour, made small for the repository.

``make screenshots`` runs ``kiosk demo --tour`` in English and in Somali at the
largest text size, then this picks the shots the README shows and saves them as
palette PNGs (the screens are flat colours, so 256 of them lose nothing a reader
would see) with Pillow's ``optimize``::

    python -m ui.doc_screenshots EN_TOUR_DIR SO_TOUR_DIR docs/screenshots
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

# (tour, the shot's name in the tour, the file in docs/screenshots), in the README's order.
CHOSEN: tuple[tuple[str, str, str], ...] = (
    ("en", "attract", "attract.png"),
    ("en", "start-en", "start-en.png"),
    ("en", "start-pt", "start-pt.png"),
    ("en", "find-help-results", "find-help-results.png"),
    ("en", "council-tax-calculator", "council-tax-calculator.png"),
    ("en", "time-bank-member-home", "time-bank-member-home.png"),
    ("en", "time-bank-easy-read", "time-bank-easy-read.png"),
    ("so", "start-so", "start-so-150.png"),
)


def find_shot(tour_dir: Path, name: str) -> Path:
    """The tour numbers its shots (``07-find-help-results.png``); find one by its name."""
    for path in sorted(tour_dir.glob("*.png")):
        if path.stem.split("-", 1)[-1] == name:
            return path
    raise FileNotFoundError(f"no shot called {name!r} in {tour_dir}")


def save_small(source: Path, target: Path) -> int:
    """Save ``source`` as an optimised palette PNG at ``target``; returns its size in bytes."""
    from PIL import Image

    with Image.open(source) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
        small.save(target, optimize=True)
    return target.stat().st_size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Pick and shrink the README's screenshots from two tours.")
    parser.add_argument("en_tour", type=Path, help="folder of `kiosk demo --tour` in English")
    parser.add_argument("so_tour", type=Path, help="folder of the tour in Somali at 150 %%")
    parser.add_argument("out", type=Path, help="where the screenshots go (docs/screenshots)")
    args = parser.parse_args(argv)
    tours = {"en": args.en_tour, "so": args.so_tour}
    args.out.mkdir(parents=True, exist_ok=True)
    total = 0
    for tour, name, file_name in CHOSEN:
        try:
            source = find_shot(tours[tour], name)
        except FileNotFoundError as exc:
            print(exc, file=sys.stderr)
            return 1
        size = save_small(source, args.out / file_name)
        total += size
        print(f"{args.out / file_name}: {size // 1024} KiB")
    print(f"{len(CHOSEN)} screenshots, {total // 1024} KiB in all")
    return 0


if __name__ == "__main__":
    sys.exit(main())
