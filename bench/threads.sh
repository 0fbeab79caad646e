#!/usr/bin/env bash
# Does the second thread pay off in real training, on a quiet machine and with another process hogging a
# core? Runs `./nnc train MODEL --epochs E --threads T` for T = 1 and 2, alternating (1, 2, 1, 2, ...),
# first alone and then beside `yes > /dev/null` (one busy core, stopped by PID afterwards), and prints a
# Markdown table: the best round's whole-run examples/s as `nnc train` reports it, and its fastest epoch
# from history.csv (the steady state, after the JIT has compiled the loops).
#
# Usage: bench/threads.sh [--model FILE] [--epochs E] [--rounds R]
#   --model FILE  default models/fashion_mlp.nn
#   --epochs E    epochs per run (default 3: the first one warms the JIT up)
#   --rounds R    runs per thread count and condition (default 2; the best is reported)
# Needs: JDK 17 + Maven (./nnc builds itself) and the bundled Fashion-MNIST.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
MODEL=models/fashion_mlp.nn
EPOCHS=3
ROUNDS=2
while [[ $# -gt 0 ]]; do
    case "$1" in
        --model) MODEL="$2"; shift ;;
        --epochs) EPOCHS="$2"; shift ;;
        --rounds) ROUNDS="$2"; shift ;;
        -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
        *) echo "threads.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
    esac
    shift
done
[[ "$EPOCHS" =~ ^[1-9][0-9]*$ ]] || { echo "threads.sh: --epochs must be a positive integer" >&2; exit 2; }
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || { echo "threads.sh: --rounds must be a positive integer" >&2; exit 2; }

work="$(mktemp -d)"
HOG=""
cleanup() {
    if [[ -n "$HOG" ]]; then kill "$HOG" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

./nnc compile "$MODEL" >/dev/null # builds the jar once, outside the timed runs

declare -A BEST_RUN BEST_EPOCH
run_once() { # condition threads
    local dir="$work/run-$1-$2-$RANDOM" out rate epoch
    out="$(./nnc train "$MODEL" --epochs "$EPOCHS" --threads "$2" --out "$dir" 2>/dev/null)"
    rate="$(sed -n 's/.*trained in [0-9.]*s (\([0-9,]*\) examples\/s).*/\1/p' <<<"$out" | tr -d ,)"
    # history.csv: epoch,loss,train_acc,val_acc,lr,seconds -> the fastest epoch's seconds
    epoch="$(awk -F, 'NR > 1 && $NF != "" { if (best == "" || $NF < best) best = $NF } END { print best }' \
        "$dir/history.csv")"
    echo "threads.sh: $1, $2 thread(s): $rate examples/s over the run, fastest epoch $epoch s" >&2
    local key="$1/$2"
    if [[ -z "${BEST_RUN[$key]:-}" || "$rate" -gt "${BEST_RUN[$key]}" ]]; then BEST_RUN[$key]="$rate"; fi
    if [[ -z "${BEST_EPOCH[$key]:-}" ]] || awk -v a="$epoch" -v b="${BEST_EPOCH[$key]}" 'BEGIN { exit !(a < b) }'; then
        BEST_EPOCH[$key]="$epoch"
    fi
    rm -rf "$dir"
}

for condition in alone hog; do
    if [[ "$condition" == hog ]]; then
        yes > /dev/null &
        HOG=$!
    fi
    for ((r = 0; r < ROUNDS; r++)); do
        for t in 1 2; do run_once "$condition" "$t"; done
    done
    if [[ -n "$HOG" ]]; then kill "$HOG"; wait "$HOG" 2>/dev/null || true; HOG=""; fi
done

cpu="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
echo "Real training, \`./nnc train $MODEL --epochs $EPOCHS --threads T\`, best of $ROUNDS alternating runs each;"
echo "$cpu, $(nproc) cores, $(java -version 2>&1 | head -n 1). Load average after: $(cut -d' ' -f1-3 /proc/loadavg)."
echo
echo "| condition | threads | examples/s (whole run) | fastest epoch (s) | 2 threads vs 1 |"
echo "|---|---:|---:|---:|---:|"
for condition in alone hog; do
    label="$condition"
    [[ "$condition" == hog ]] && label='with `yes > /dev/null`'
    for t in 1 2; do
        ratio=""
        if [[ "$t" == 2 ]]; then
            ratio="$(awk -v a="${BEST_RUN[$condition/2]}" -v b="${BEST_RUN[$condition/1]}" 'BEGIN { printf "%.2fx", a / b }')"
        fi
        echo "| $label | $t | ${BEST_RUN[$condition/$t]} | ${BEST_EPOCH[$condition/$t]} | $ratio |"
    done
done
