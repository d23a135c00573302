"""Allow ``python -m tradeviz``."""

from tradeviz.cli import main

if __name__ == "__main__":
    main()
