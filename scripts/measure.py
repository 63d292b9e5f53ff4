#!/usr/bin/env python3
"""Runs a command and reports its wall time and its own peak resident memory.

  measure.py OUTPUT-FILE COMMAND [ARGUMENTS...]

The command's output passes through; its exit code is returned. OUTPUT-FILE receives one line,
"WALL_MS PEAK_KIB": the wall time in milliseconds and the command's VmHWM (its own high-water
mark, not its children's: resolvlab's sandboxes are reported by resolvlab itself), sampled from
/proc every 5 ms until it exits. VmHWM only grows, so the last sample is the peak of all but
the final few milliseconds.
"""
import os
import subprocess
import sys
import time


def high_water_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError, ValueError):
        pass
    return None


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    output, command = sys.argv[1], sys.argv[2:]
    start = time.monotonic()
    child = subprocess.Popen(command)
    peak = 0
    while child.poll() is None:
        # Read before the zombie loses its memory map: poll() reaps only after exit.
        sample = high_water_kib(child.pid)
        if sample is not None:
            peak = max(peak, sample)
        time.sleep(0.005)
    wall_ms = (time.monotonic() - start) * 1000
    with open(output, "w") as out:
        out.write(f"{wall_ms:.1f} {peak}\n")
    sys.exit(child.returncode if child.returncode >= 0 else 128 - child.returncode)


if __name__ == "__main__":
    main()
