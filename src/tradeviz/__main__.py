"""Allow ``python -m tradeviz``."""

from tradeviz.cli import run

if __name__ == "__main__":
    run()
