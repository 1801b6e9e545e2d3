"""``kiosk demo`` (placeholder until the UI lands)."""


def add_arguments(parser):
    parser.add_argument("--tour", default=None)


def run(args) -> int:
    raise SystemExit("not yet")
