"""``kiosk council ...`` (placeholder until the council service lands)."""


def add_arguments(parser):
    pass


def run(args) -> int:
    raise SystemExit("not yet")
