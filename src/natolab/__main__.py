"""``python -m natolab``: the same command line as the ``natolab`` script."""

from natolab.cli.main import run

if __name__ == "__main__":
    run()
