"""How often each of the seeds' theories holds under the simulated audience: `python -m benchmarks.audience_theories
[--seeds 0-19]`.

tests/test_audience.py asks each theory (a loved video grows then cools, a disliked one is paused and comes back,
authority gives larger first batches) of most of seeds 0-4, on its seeded audience of 60 viewers; this runs the same
checks on the same audience over more seeds and prints, per theory, in how many runs it held and why it broke where
it did not.
"""

from __future__ import annotations

import argparse
import traceback

from tests.test_audience import (
    authority_gives_larger_first_batches,
    disliked_pauses_then_returns,
    loved_grows_then_cools,
    run,
)

THEORIES = {
    "a loved video grows in steps, then cools": loved_grows_then_cools,
    "a disliked video is paused, then comes back": disliked_pauses_then_returns,
    "authority gives larger first batches": authority_gives_larger_first_batches,
}


def seeds(text: str) -> list[int]:
    if "-" in text:
        first, last = text.split("-")
        return list(range(int(first), int(last) + 1))
    return [int(s) for s in text.split(",")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=seeds, default=seeds("0-19"), help="0-19 or 0,3,5 (default: 0-19)")
    args = parser.parse_args()
    held: dict[str, int] = dict.fromkeys(THEORIES, 0)
    for seed in args.seeds:
        r = run(seed)
        for name, check in THEORIES.items():
            try:
                check(r)
                held[name] += 1
            except (AssertionError, ValueError) as err:
                line = traceback.extract_tb(err.__traceback__)[-1].line  # the check that failed
                print(f"seed {seed}: {name}: broke at `{line}`: {(str(err) or '-').splitlines()[0][:100]}")
    print()
    for name, n in held.items():
        print(f"{name}: held in {n} of {len(args.seeds)} runs")


if __name__ == "__main__":
    main()
