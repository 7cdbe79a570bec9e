#!/usr/bin/env python3
"""Writes bureau-plan.toml: how the demo registry spreads the plan's procedures
and cases over bureaus, so that each bureau's two indicators come close to the
plan's §10 (進捗見込（局別）) while every category keeps the plan's §9 figures
exactly.

It reads both tables from ../src/plan.rs, the named and city procedures, and the
Digital Agency's inventory (for how many real names each bureau can have), and
gives, for each bureau, category and fiscal year, the procedures that come
online in that year and their annual cases (2022 is "R4まで"). Run
build_inventory.py afterwards to take the names.

    python3 crates/demo/data/fit_bureaus.py ../shared/data/jp-procedures-survey-r6.csv.gz
"""
import re, sys
from pathlib import Path

from build_inventory import candidates, named_and_city

HERE = Path(__file__).parent
PLAN_RS = (HERE.parent / "src" / "plan.rs").read_text()
YEARS = [2022, 2023, 2024, 2025]
LABELS = {"Childcare": "子育て", "NursingCare": "介護", "HighImpact": "効果が高い", "Other": "その他"}
CHILD, CARE, HIGH, OTHER = LABELS.values()

# Annual cases each bureau would have without the plan's shape; the fit moves
# them as little as it can (relative squared change) to meet §9's totals.
PRIOR_CASES = {
    "kaikei": 40_000, "bosai": 60_000, "shicho": 30_000, "somu": 150_000, "zaisei": 4_000_000,
    "shimin": 3_000_000, "keizai": 300_000, "kanko": 250_000, "kankyo": 1_800_000,
    "kenko": 3_000_000, "kodomo": 280_000, "jutaku": 1_500_000, "ryokusei": 900_000,
    "kansa": 200, "jinji": 20_000, "kyoiku": 800_000, "nogyo": 8_000, "senkyo": 150_000,
    "shobo": 300_000, "jogesuido": 1_500_000, "kotsu": 30_000,
}


def parse_plan():
    """§9: category -> cumulative [(procedures, cases)] for R4まで..R7."""
    plan = {}
    for variant, body in re.findall(r"category: Category::(\w+),.*?by_year: \[(.*?)\]", PLAN_RS, re.S):
        years = re.findall(r"year\((\d+), ([\d_]+), ([\d_]+)\)", body)
        plan[LABELS[variant]] = [(int(p.replace("_", "")), int(c.replace("_", ""))) for _, p, c in years]
    return plan


def parse_bureaus():
    """§10: bureau -> (① shares, ② shares) by year, blanks filled with the first published one."""
    def shares(text):
        values = [None if v == "None" else int(v[5:-1]) / 1000 for v in re.findall(r"None|Some\(\d+\)", text)]
        first = next(v for v in values if v is not None)
        return [first if v is None else v for v in values], values

    bureaus = {}
    for name, cases, procedures in re.findall(r'bureau\("(\w+)", \[(.*?)\], \[(.*?)\]\)', PLAN_RS):
        bureaus[name] = (shares(cases), shares(procedures))
    return bureaus


def permille(k, n):
    return (2000 * k + n) // (2 * n)


def fits(n, published):
    """Whether some k/n shows each published share of R4..R6."""
    return all(
        p is None or any(permille(k, n) == round(p * 1000) for k in range(max(0, round(p * n) - 1), min(n, round(p * n) + 1) + 1))
        for p in published[:3]
    )


def counts(n, shares):
    """Cumulative procedures online by R4..R7 for a bureau of n, closest to its shares."""
    out, prev = [], 0
    for p in shares[:3]:
        prev = max(prev, min(n, round(p * n)))
        out.append(prev)
    return out + [n]


def deviation(k, sizes, bureaus):
    """How far the bureaus' ② shares are from §10: (largest, sum of squares), in points."""
    worst, squares = 0.0, 0.0
    for b, n in sizes.items():
        published = bureaus[b][1][1]
        for y in range(3):
            if published[y] is not None:
                d = abs(permille(k[b][y], n) / 10 - published[y] * 100)
                worst, squares = max(worst, d), squares + d * d
    return worst, squares


def choose_sizes(bureaus, caps, least, total, targets, least_new):
    """A size per bureau, summing to the plan's procedures, for which the
    plan's yearly totals can be met with ② shares closest to §10. Bureaus
    0 % until R7 take every name they have; the largest bureau takes what is
    left over; every other bureau tries the sizes its shares fit."""
    absorber = max(bureaus, key=lambda b: caps[b])
    fitting = {b: [n for n in range(max(least[b], 1), caps[b] + 1) if fits(n, bureaus[b][1][1])] or [caps[b]] for b in bureaus}

    def filled(fraction):
        """Every bureau at about the same fraction of the names it has."""
        sizes = {}
        for b, (_, (shares, _)) in bureaus.items():
            below = [n for n in fitting[b] if n <= fraction * caps[b]]
            sizes[b] = caps[b] if max(shares[:3]) == 0 else (below[-1] if below else fitting[b][0])
        return sizes

    low, high = 0.0, 1.0
    for _ in range(40):
        middle = (low + high) / 2
        if sum(filled(middle).values()) < total:
            low = middle
        else:
            high = middle
    sizes = filled(low)

    def score(trial):
        trial = {**trial, absorber: total - sum(v for b, v in trial.items() if b != absorber)}
        if not max(least[absorber], 1) <= trial[absorber] <= caps[absorber]:
            return None
        k = settle_counts(trial, bureaus, targets, least_new)
        return (deviation(k, trial, bureaus), trial) if k else None

    best = score(sizes)
    for _ in range(3):
        improved = False
        for b in bureaus:
            if b == absorber or max(bureaus[b][1][0][:3]) == 0:
                continue
            for n in fitting[b][:80]:
                tried = score({**best[1], b: n}) if best else score({**sizes, b: n})
                if tried and (best is None or tried[0] < best[0]):
                    best, improved = tried, True
        if not improved:
            break
    if best is None:
        sys.exit("no sizes meet the plan")
    return best[1]


def settle_counts(sizes, bureaus, targets, least_new):
    """Cumulative counts per bureau whose sums are exactly the plan's, moving
    each year's count where its share moves least (in squares, so that the
    difference is spread over bureaus); None when impossible."""
    k = {b: counts(n, bureaus[b][1][0]) for b, n in sizes.items()}

    def allowed(series, b):
        new = [series[y] - (series[y - 1] if y else 0) for y in range(4)]
        return all(x >= least for x, least in zip(new, least_new.get(b, [0] * 4)))

    for b in k:
        for y in range(3):
            while not allowed(k[b], b) and k[b][y] < k[b][y + 1]:
                k[b][y] += 1
        if not allowed(k[b], b):
            return None
    for y in range(3):
        while (gap := targets[y] - sum(k[b][y] for b in k)) != 0:
            step = 1 if gap > 0 else -1
            best = None
            for b, n in sizes.items():
                series = k[b][:]
                series[y] += step
                if not 0 <= series[y] <= series[y + 1] or (y and series[y] < series[y - 1]) or not allowed(series, b):
                    continue
                share = bureaus[b][1][0][y]
                cost = (series[y] / n - share) ** 2 - (k[b][y] / n - share) ** 2
                if best is None or cost < best[0]:
                    best = (cost, b)
            if best is None:
                return None
            k[best[1]][y] += step
    return k


def steps(figures):
    """Procedures new in each year, from cumulative (procedures, cases)."""
    return [p - (figures[y - 1][0] if y else 0) for y, (p, _) in enumerate(figures)]


def solve(matrix, rhs):
    n = len(rhs)
    a = [row[:] + [r] for row, r in zip(matrix, rhs)]
    for i in range(n):
        pivot = max(range(i, n), key=lambda r: abs(a[r][i]))
        a[i], a[pivot] = a[pivot], a[i]
        for r in range(n):
            if r != i and a[i][i]:
                f = a[r][i] / a[i][i]
                a[r] = [x - f * y for x, y in zip(a[r], a[i])]
    return [a[i][n] / a[i][i] for i in range(n)]


def case_totals(bureaus, cumulative_cases, floors):
    """Annual cases per bureau, closest to PRIOR_CASES, whose shares online give
    exactly the plan's cases by R4, R5, R6 and in all."""
    free = set(bureaus)
    fixed = {}
    while True:
        rows = [[bureaus[b][0][0][y] for b in bureaus] for y in range(3)] + [[1.0] * len(bureaus)]
        rhs = [c - sum(rows[i][j] * fixed[b] for j, b in enumerate(bureaus) if b in fixed) for i, c in enumerate(cumulative_cases)]
        names = [b for b in bureaus if b in free]
        cols = [j for j, b in enumerate(bureaus) if b in free]
        weight = [PRIOR_CASES[b] for b in names]
        prior = [PRIOR_CASES[b] for b in names]
        gap = [r - sum(row[j] * p for j, p in zip(cols, prior)) for row, r in zip(rows, rhs)]
        gram = [[sum(ri[j] * w * rk[j] for j, w in zip(cols, weight)) for rk in rows] for ri in rows]
        lam = solve(gram, gap)
        totals = {b: p + w * sum(l * row[j] for l, row in zip(lam, rows)) for b, p, w, j in zip(names, prior, weight, cols)}
        low = [b for b, c in totals.items() if c < floors[b]]
        if not low:
            return {**fixed, **totals}
        for b in low:
            fixed[b] = floors[b]
            free.discard(b)


def apportion(total, weights):
    """Whole numbers proportional to weights, summing to total."""
    s = sum(weights)
    if s <= 0:
        weights, s = [1.0] * len(weights), float(len(weights))
    raw = [total * w / s for w in weights]
    out = [int(r) for r in raw]
    for i in sorted(range(len(raw)), key=lambda i: out[i] - raw[i])[: total - sum(out)]:
        out[i] += 1
    return out


def main(source):
    plan = parse_plan()
    bureaus = parse_bureaus()
    named, city = named_and_city()
    caps = {b: 0 for b in bureaus}
    for entry in candidates(source).values():
        caps[entry[2]] += 1
    named_by = {}
    for entry in named + city:
        caps[entry["bureau"]] += 1
    for entry in named:
        key = (entry["bureau"], entry["category"])
        named_by[key] = named_by.get(key, 0) + 1

    total = sum(plan[c][-1][0] for c in plan)
    targets = [sum(plan[c][y][0] for c in plan) for y in range(4)]
    # Every 子育て procedure is the 子ども青少年局's and every 介護 one the 健康福祉局's.
    least_new = {"kodomo": steps(plan[CHILD]), "kenko": steps(plan[CARE])}
    # Every named and hand-written procedure is used.
    least = {b: sum(1 for e in named + city if e["bureau"] == b) for b in bureaus}
    sizes = choose_sizes(bureaus, caps, least, total, targets, least_new)
    k = settle_counts(sizes, bureaus, targets, least_new)
    for b in bureaus:
        print(b, caps[b], sizes[b], k[b])

    # Procedures coming online per bureau and year, by category.
    def step(series, y):
        return series[y] - (series[y - 1] if y else 0)

    slots = {}
    new_by_bureau = {b: [step(k[b], y) for y in range(4)] for b in bureaus}
    cumulative_cases = [sum(plan[c][y][1] for c in plan) for y in range(4)]
    floors = {b: max(sizes[b], 1) * 2 for b in bureaus}
    # A bureau that owns a whole category needs at least enough cases for
    # that category's new cases to be its share of each year.
    for category, owner in ((CHILD, "kodomo"), (CARE, "kenko")):
        shares = bureaus[owner][0][0]
        new = [c - (plan[category][y - 1][1] if y else 0) for y, (_, c) in enumerate(plan[category])]
        floors[owner] = max(
            [floors[owner]] + [n / (shares[y] - (shares[y - 1] if y else 0)) for y, n in enumerate(new) if shares[y] > (shares[y - 1] if y else 0)]
        )
    cases = case_totals(bureaus, cumulative_cases, floors)
    new_cases = {b: [cases[b] * step(bureaus[b][0][0], y) for y in range(4)] for b in bureaus}
    free = {(b, y): new_by_bureau[b][y] for b in bureaus for y in range(4)}
    for category, owner in ((CHILD, "kodomo"), (CARE, "kenko")):
        for y, need in enumerate(steps(plan[category])):
            slots[(owner, category, y)] = need
            free[(owner, y)] -= need
    # 効果が高い places go where the year's new cases are; then a bureau with
    # more named 効果が高い procedures than places takes one over from a
    # bureau with places to spare, in the year its own new cases are largest.
    high = {}
    for y, need in enumerate(steps(plan[HIGH])):
        room = [b for b in bureaus if free[(b, y)] > 0]
        shares = apportion(need, [new_cases[b][y] for b in room])
        spill = 0
        for b, share in sorted(zip(room, shares), key=lambda bs: -new_cases[bs[0]][y]):
            take = min(share + spill, free[(b, y)])
            spill = share + spill - take
            high[(b, y)] = take
    named_high = {b: named_by.get((b, HIGH), 0) for b in bureaus}
    for b in bureaus:
        while sum(high.get((b, y), 0) for y in range(4)) < named_high[b]:
            years = [y for y in range(4) if free[(b, y)] > high.get((b, y), 0)]
            donors = [
                (new_cases[d][y], d, y)
                for y in years
                for d in bureaus
                if d != b and high.get((d, y), 0) and sum(high.get((d, z), 0) for z in range(4)) > named_high[d]
            ]
            if not donors:
                sys.exit(f"{b}: named 効果が高い procedures do not fit")
            _, d, y = min(donors, key=lambda t: (t[0], -new_cases[b][t[2]]))
            high[(d, y)] -= 1
            high[(b, y)] = high.get((b, y), 0) + 1
    for (b, y), count in high.items():
        if count:
            slots[(b, HIGH, y)] = count
            free[(b, y)] -= count
    for (b, y), count in free.items():
        if count < 0:
            sys.exit(f"{b} has too few places in {YEARS[y]}")
        if count:
            slots[(b, OTHER, y)] = count
    for category in plan:
        for y in range(4):
            got = sum(v for (b, c, z), v in slots.items() if c == category and z == y)
            assert got == step([p for p, _ in plan[category]], y), (category, y, got)

    cells = {}
    for y in range(4):
        cats = list(plan)
        rows = [b for b in bureaus if any(slots.get((b, c, y)) for c in cats)]
        base = {(b, c): slots.get((b, c, y), 0) for b in rows for c in cats}
        col = {c: step([x for _, x in plan[c]], y) - sum(base[(b, c)] for b in rows) for c in cats}
        row = {b: max(new_cases[b][y] - sum(base[(b, c)] for c in cats), 0.0) for b in rows}
        scale = sum(col.values()) / (sum(row.values()) or 1)
        row = {b: v * scale for b, v in row.items()}
        x = {(b, c): 1.0 if base[(b, c)] else 0.0 for b in rows for c in cats}
        for _ in range(500):
            for b in rows:
                s = sum(x[(b, c)] for c in cats)
                for c in cats:
                    x[(b, c)] *= row[b] / s if s else 0
            for c in cats:
                s = sum(x[(b, c)] for b in rows)
                for b in rows:
                    if s:
                        x[(b, c)] *= col[c] / s
                    elif base[(b, c)]:
                        x[(b, c)] = col[c] / sum(1 for r in rows if base[(r, c)])
        for c in cats:
            members = [b for b in rows if base[(b, c)]]
            shares = apportion(col[c], [x[(b, c)] for b in members])
            for b, share in zip(members, shares):
                cells[(b, c, y)] = (base[(b, c)], base[(b, c)] + share)

    report(cells, bureaus, plan)
    out = [
        "# Generated by fit_bureaus.py: the demo registry's procedures and annual cases",
        "# per bureau, category and fiscal year they come online (2022 is R4まで).",
        "",
    ]
    for (b, c, y), (procedures, cases_) in sorted(cells.items(), key=lambda kv: (list(bureaus).index(kv[0][0]), kv[0][2], kv[0][1])):
        out += ["[[cell]]", f'bureau = "{b}"', f'category = "{c}"', f"fiscal_year = {YEARS[y]}", f"procedures = {procedures}", f"cases = {cases_}", ""]
    (HERE / "bureau-plan.toml").write_text("\n".join(out))


def report(cells, bureaus, plan):
    worst = [0.0, 0.0]
    for b, ((_, cases_published), (_, procedures_published)) in bureaus.items():
        mine = {k: v for k, v in cells.items() if k[0] == b}
        n = sum(p for p, _ in mine.values())
        total = sum(c for _, c in mine.values())
        line = [f"{b:10} {n:5} {total:10}"]
        for y in range(4):
            p = sum(v[0] for k, v in mine.items() if k[2] <= y)
            c = sum(v[1] for k, v in mine.items() if k[2] <= y)
            shown = (permille(c, total) / 10, permille(p, n) / 10)
            for i, published in enumerate((cases_published[y], procedures_published[y])):
                if published is not None:
                    worst[i] = max(worst[i], abs(shown[i] - published * 100))
            line.append(f"{shown[0]:5.1f}/{(cases_published[y] or 0) * 100:5.1f} {shown[1]:5.1f}/{(procedures_published[y] or 0) * 100:5.1f}")
        print("  ".join(line))
    print(f"largest difference: ① {worst[0]:.1f} points, ② {worst[1]:.1f} points")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/jp-procedures-survey-r6.csv.gz")
