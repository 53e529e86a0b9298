"""`python -m south_asia_alignments`: version, tables and row counts."""

from south_asia_alignments import __version__, load, tables


def main() -> None:
    print(f"south-asia-alignments {__version__}")
    names = tables()
    width = max(len(n) for n in names)
    for name in names:
        print(f"  {name:<{width}}  {len(load(name)):>6} rows")


if __name__ == "__main__":
    main()
