#!/usr/bin/python3
"""Where bench_triage's event-loop stalls went: the GUI thread's perf samples inside each stall.

    BENCH_STALL_LOG=/tmp/stalls.txt QT_QPA_PLATFORM=offscreen \
        perf record -k CLOCK_MONOTONIC -e cpu-clock -F 500 --call-graph dwarf,16384 -o /tmp/perf.data \
        build/tests/bench/ui/bench_triage
    perf script -i /tmp/perf.data --ns -F comm,pid,tid,time,ip,sym > /tmp/perf.txt
    tests/bench/ui/stall_profile.py /tmp/perf.txt /tmp/stalls.txt [--phase "drain 2,000"] [--top 3]

For every stall: its phase, its length, how much of it the GUI thread spent on the CPU (samples
times the sampling period; the rest it waited, mostly for the disk), and the innermost frames of
our own code (fr::) that the samples were in. Then the same frames summed per phase.
"""
import argparse
import bisect
import collections
import re

HEADER = re.compile(r'(.*?)\s+(\d+)/(\d+)\s+(\d+)\.(\d+):')


def read_log(path):
    """-> (stalls, phases): lists of (phase, start_ns, end_ns), CLOCK_MONOTONIC."""
    stalls, phases = [], []
    for line in open(path, encoding='utf-8'):
        kind = phases if line.startswith('phase ') else stalls
        name, start, end = line[6 if kind is phases else 0:].rsplit(None, 2)
        kind.append((name, int(start), int(end)))
    return stalls, phases


def read_samples(path):
    """-> [(comm, pid, tid, time_ns, [frames, innermost first])]"""
    samples, current = [], None
    for line in open(path, encoding='utf-8', errors='replace'):
        if not line.strip():
            if current:
                samples.append(current)
            current = None
        elif line[0] not in '\t ':
            match = HEADER.match(line)
            if match:
                current = (match.group(1), int(match.group(2)), int(match.group(3)),
                           int(match.group(4)) * 10**9 + int(match.group(5)), [])
        elif current is not None:
            parts = line.strip().split(None, 1)
            current[4].append(parts[1] if len(parts) > 1 else parts[0])
    if current:
        samples.append(current)
    return samples


def gui_thread(samples):
    """The bench's main thread: the one of the bench_triage process with most samples."""
    counts = collections.Counter(s[1] for s in samples if s[0].startswith('bench_tri'))
    if not counts:
        raise SystemExit('no samples of bench_triage in the perf output')
    pid = counts.most_common(1)[0][0]
    return sorted((s for s in samples if s[2] == pid), key=lambda s: s[3])


def ours(frames, depth=2):
    named = [f for f in frames if 'fr::' in f]
    return ' < '.join(f[:70] for f in named[:depth]) if named else '(outside fr::) ' + (frames[0][:60] if frames else '?')


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('perf_script')
    parser.add_argument('stall_log')
    parser.add_argument('--phase', help='only this phase')
    parser.add_argument('--top', type=int, default=3, help='frames per stall')
    parser.add_argument('--period-ms', type=float, default=2.0, help='sampling period (perf -F 500: 2 ms)')
    args = parser.parse_args()

    stalls, _ = read_log(args.stall_log)
    samples = gui_thread(read_samples(args.perf_script))
    times = [s[3] for s in samples]
    per_phase = collections.defaultdict(collections.Counter)
    for phase, start, end in stalls:
        if args.phase and phase != args.phase:
            continue
        inside = samples[bisect.bisect_left(times, start):bisect.bisect_right(times, end)]
        frames = collections.Counter(ours(s[4]) for s in inside)
        per_phase[phase].update(frames)
        print(f'{phase:16s} {(end - start) / 1e6:7.1f} ms  on the CPU {len(inside) * args.period_ms:6.1f} ms  '
              + '; '.join(f'{n}× {f}' for f, n in frames.most_common(args.top)))
    for phase, frames in per_phase.items():
        print(f'\n== {phase}: samples in its stalls, by our innermost frames')
        for frame, n in frames.most_common(15):
            print(f'  {n:5d}  {frame}')


if __name__ == '__main__':
    main()
