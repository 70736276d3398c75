#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""The best R@10 any name-only matcher could reach on the namesearch corpus.

    /usr/bin/python3 bench/search/ceiling.py [N ...]     default: 100000 1000000

ANALYSIS ONLY.  This script knows what no matcher may know: it imports the
corpus generator (../shared/bench/namesearch/gen_corpus.py, and through it
lexicon.py) to learn the canonical name of every person.  Nothing in src/
reads it or anything it writes (README "Fair use of this corpus").

How the persons are learnt.  gen_corpus.main() is run unchanged, with the
same N and seed as run.sh, writing into a scratch folder; make_person() and
render_record() are wrapped so that every person (canonical given, father
and family keys, group, and after main() the ids of their records) and
every query rendering (which parts it kept, in which order, with a comma or
a particle) are seen.  The scratch records.tsv and queries.tsv must be
byte-identical to those in /tmp/namesearch/N<N>/ (md5 compared), which
proves the persons and queries are the benchmark's own.

What a perfect name-only matcher can know.  It undoes every spelling,
script, typo, compound and particle difference: each record is known by
its person's canonical (given, father, family) keys, each query by the
canonical keys of the parts it writes.  It cannot tell two persons apart
whose keys are the same (exact namesakes), nor a person from one the query
cannot exclude: a query that leaves out the father's name (35 % of
queries) fits everyone with the same given and family name; one without a
family name fits everyone with the same given and father's name.  Records
of such persons are indistinguishable from the truth by name.  The oracle
does not know which of them belong to the same person (namesakes' records
carry the same keys), so for one query the records it cannot exclude form
a tie group T holding the t truth records.

Expected recall.  Placing the group's records in random order, the top 10
hold k = min(10, |T|) of them, each truth record with probability k/|T|,
so E[hits] = t*k/|T| and, as t <= 6 <= 10, E[R@10] = E[hits]/t =
min(10, |T|)/|T|.  When the oracle ranks by a likelihood, the records form
tiers of equal score, best first; a record of the tier that straddles the
10th place enters the top 10 with probability (places left)/(tier size).
Same-script and cross-script recall (the truth records
in / not in the query's script) have the same expectation; the figures are
macro averages over the same query subsets as evaluate.py (overall,
same-script, cross-script, pure cross-script = the six categories with no
truth record in the query's script, no-namesake = queries whose person has
no exact namesake).

The variants, from the lead's definition to stricter or looser ones:

  roles known      The lead's definition.  The oracle knows which query
                   part is the given, father's and family name: T is the
                   records of persons with the query's given and family
                   name, and father's name when the query has one.  Ties
                   broken by chance.
  roles known, Bayes
                   The same, with ties broken by the likelihood of the
                   query's shape, which is better than chance: a query
                   with no family name comes from a person without one
                   with probability 1, from one with a family name only
                   when it was dropped (p = 0.10), so those persons rank
                   first.  Ranking by this posterior (a uniform prior over
                   persons) is the best an oracle that knows each
                   record's person's keys can do.
  roles known, group known
                   "roles known, Bayes" where the oracle also knows each
                   person's group (Arab, Kurdish, Afghan, Pakistani,
                   Tajik), as a spelling style might betray it: an upper
                   bound on what spelling style could add.
  roles unknown, Bayes
                   The oracle knows the canonical key of each query part
                   but not its role, as no name-only matcher does: "Ahmad
                   Karim" may be given + father or given + family name,
                   and may be family name first.  A comma fixes the order,
                   a particle (bin, s/o, walad) or a patronymic ending
                   (-ovich) marks the father's name.  A person fits when
                   some reading of the query fits them; persons are ranked
                   by the summed likelihood of those readings (the
                   generator's probabilities of dropping a part, of
                   writing the family name first, per script, and of the
                   comma).  Family names that no given name shares (nisba,
                   tribal, -ov/-zoda) are still told apart, as a matcher
                   that knows name kinds could.  Records are still known
                   by their person's keys with roles: this is optimistic
                   for them.
  names only, Bayes
                   The honest ceiling: the oracle knows no more than what
                   is written, with every spelling and typo undone: the
                   canonical key of each part the query and each record
                   write, in their order, but neither the roles nor a
                   part left out.  A record "Rashid Sayed" may be the
                   query's Rashid Musa Sayed with the father's name left
                   out, or any Rashid X Sayed, or a Rashid son of Sayed
                   with no family name.  Each record scores
                   P(its person is the query's person | both names)
                   = sum over triples t of P(t | the record) P(query | t),
                   where P(t | the record) weighs how many persons have t
                   (the corpus's own counts) by how likely each would be
                   written so (the generator's probabilities of dropping
                   a part, of the family name first, of the comma).  A
                   record's particles and patronymic endings are not used
                   (a query's are): a little pessimistic.
  persons known (metric artefact)
                   "roles known, Bayes" where the oracle also knows which
                   records are one person's (as record metadata might
                   suggest), though not who the query's person is.  As
                   R@10 divides by the truth's record count, it then fills
                   the top 10 with persons of few records first: one
                   record of a person of one is worth their whole recall.
                   This finds nobody more; it shows how far the metric
                   rewards spreading the top 10 over persons.

With --canonical DIR, the corpus is also written to DIR/N<N>/ with every
name part replaced by its canonical key (as a plain word: "abdrahman",
"jubouri"), in the order written, parts left out as left out: no spelling
differences and no typos.  A matcher run on it (bench_search DIR/N<N>;
evaluate.py) shows what its ranking alone loses against the ceiling.

With --oracle DIR, the "roles known" oracle is also drawn (one random
order per tie group, seeded) into DIR/N<N>/results/oracle_draw.tsv beside
links to the benchmark's queries.tsv and stats.json, so that evaluate.py
scores it as any engine: its figures must agree with the expectation
within sampling noise (a check of this script's bookkeeping).
"""
import hashlib
import os
import random
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
NS = os.path.normpath(os.path.join(HERE, '..', '..', '..', 'shared', 'bench', 'namesearch'))
DATA_ROOT = os.environ.get('DATA_ROOT', '/tmp/namesearch')
SCRATCH = os.environ.get('CEILING_SCRATCH', '/tmp/namesearch-ceiling')
SEED = 20240601
PURE_X = {'lat>ara', 'ara>lat', 'cyr>lat', 'lat>cyr', 'ara>cyr', 'cyr>ara'}

# The generator's rendering probabilities (render_record): parts dropped,
# in a query and in a record, family name first per script, the comma.
P_DROP_FAMILY = 0.10
P_DROP_FATHER = 0.35
P_DROP_FAMILY_RECORD = 0.05
P_DROP_FATHER_RECORD = 0.12
P_FAMILY_FIRST = {'l': 0.10, 'c': 0.55, 'a': 0.03}
P_COMMA = 0.3                       # of family-first names, not in Arabic script

FATHER_MARKS = ('bin ', 'ibn ', 'bn ', 'ben ', 's/o ', 'son of ', 'walad ', 'wald ', 'valad ', 'bint ',
                'bent ', 'd/o ', 'daughter of ', 'بن ', 'ابن ', 'ولد ', 'بنت ')
PATRONYMIC_ENDS = ('ovich', 'evich', 'ovna', 'evna', 'ович', 'евич', 'овна', 'евна')

sys.path.insert(0, NS)
import gen_corpus as G  # noqa: E402  (analysis only, see above)


def md5(path):
    h = hashlib.md5()
    with open(path, 'rb') as f:
        for block in iter(lambda: f.read(1 << 20), b''):
            h.update(block)
    return h.hexdigest()


def generate(n):
    """Runs the generator for n records; returns (persons, queries), and
    sets each person's .seen: the renderings of their records, in the
    order of .recs."""
    persons, queries = [], []
    seen = {}
    make_person, render_record = G.make_person, G.render_record

    def spy_person(pid, rng):
        p = make_person(pid, rng)
        persons.append(p)
        return p

    def spy_render(p, script, rng, query=False):
        out = render_record(p, script, rng, query)
        if query:
            queries.append((p, script, out))
        else:
            seen.setdefault(id(p), []).append((script, out))
        return out

    out_dir = os.path.join(SCRATCH, 'gen-N%d' % n)
    os.makedirs(out_dir, exist_ok=True)
    G.make_person, G.render_record = spy_person, spy_render
    argv = sys.argv
    try:
        sys.argv = ['gen_corpus.py', str(n), out_dir, '--seed', str(SEED)]
        stdout, sys.stdout = sys.stdout, open(os.devnull, 'w')
        try:
            G.main()
        finally:
            sys.stdout.close()
            sys.stdout = stdout
    finally:
        sys.argv = argv
        G.make_person, G.render_record = make_person, render_record
    bench = os.path.join(DATA_ROOT, 'N%d' % n)
    for name in ('records.tsv', 'queries.tsv'):
        ref = os.path.join(bench, name)
        if os.path.exists(ref) and md5(ref) != md5(os.path.join(out_dir, name)):
            sys.exit('ceiling.py: %s differs from the generator run: regenerate it (run.sh)' % ref)
        if not os.path.exists(ref):
            print('note: %s absent: figures are for the generator run only' % ref, file=sys.stderr)
    shutil.rmtree(out_dir)
    for p in persons:
        p_seen[p.pid] = seen.get(id(p), [])
    return persons, queries


p_seen = {}                         # person id: renderings of their records


def load_queries(n):
    rows = []
    with open(os.path.join(DATA_ROOT, 'N%d' % n, 'queries.tsv'), encoding='utf-8') as f:
        next(f)
        for line in f:
            p = line.rstrip('\n').split('\t')
            rows.append(dict(qid=int(p[0]), cat=p[1], qs=p[2], text=p[3], ids=[int(x) for x in p[4].split(',')],
                             scr=p[5].split(','), ns=int(p[6])))
    return rows


def keys(p):
    return p.given.key(), p.father.key(), p.family.key() if p.family else ''


class Shape:
    """What a query writes: its parts' keys in written order, their roles
    (g, f, m), and what marks the reading (comma, father marked)."""

    def __init__(self, p, script, rendered):
        given, father, fam, full = rendered
        g, f, m = keys(p)
        self.script = script
        self.has_f, self.has_m = bool(father), bool(fam)
        normal = ' '.join(' '.join(x for x in (given, father, fam) if x).split())
        rest = ' '.join(x for x in (given, father) if x)
        self.family_first = bool(fam) and full != normal and full in (
            ' '.join((fam + ' ' + rest).split()), ' '.join((fam + ', ' + rest).split()))
        self.comma = self.family_first and full.startswith(' '.join(fam.split()) + ',')
        low = father.lower()
        self.father_marked = bool(father) and (low.startswith(FATHER_MARKS) or low.endswith(PATRONYMIC_ENDS))
        roles = [('g', g)] + ([('f', f)] if father else []) + ([('m', m)] if fam else [])
        if self.family_first:
            roles = roles[-1:] + roles[:-1]
        self.roles = roles
        self.truth_roles = dict(roles)


def shape_likelihood(shape_roles, script, comma, person_has_family, record=False):
    """P(a query (or a record) of this person is written with these roles
    in this order, comma or not), by the generator's probabilities; 0 if
    it cannot be."""
    order = [r for r, _ in shape_roles]
    kept = set(order)
    drop_family = P_DROP_FAMILY_RECORD if record else P_DROP_FAMILY
    drop_father = P_DROP_FATHER_RECORD if record else P_DROP_FATHER
    if 'm' in kept:
        if not person_has_family:
            return 0.0
        p = (1 - drop_family) * ((1 - drop_father) if 'f' in kept else drop_father)
        ff = order[0] == 'm'
        pf = P_FAMILY_FIRST[script]
        if not ff:
            return 0.0 if comma else p * (1 - pf)
        pc = P_COMMA if script != 'a' else 0.0
        return p * pf * (pc if comma else 1 - pc)
    if comma or order != ['g', 'f']:
        return 0.0
    return drop_family if person_has_family else 1.0


def readings(sh):
    """Every role assignment of the query's parts a matcher that does not
    know roles must consider, as (roles in written order)."""
    cand = key_readings([k for _, k in sh.roles])
    if sh.father_marked:
        at = [r for r, _ in sh.roles].index('f')
        cand = [c for c in cand if c[at][0] == 'f']
    return cand


def key_readings(ks):
    if len(ks) == 3:
        return [(('g', ks[0]), ('f', ks[1]), ('m', ks[2])), (('m', ks[0]), ('g', ks[1]), ('f', ks[2]))]
    return [(('g', ks[0]), ('m', ks[1])), (('m', ks[0]), ('g', ks[1])), (('g', ks[0]), ('f', ks[1]))]


def record_sig(p, script, rendered):
    """What a name-only matcher sees of a record, typos and spellings
    undone: its parts' canonical keys in written order, whether a comma
    sets the family name first, and its script.  The record's fields may
    be mislabelled (given and family swapped): its full name is not."""
    a, father, c, full = rendered
    g, f, m = keys(p)
    for given, fam in ((a, c), (c, a)):
        if not given:
            continue
        normal = ' '.join(' '.join(x for x in (given, father, fam) if x).split())
        rest = ' '.join(x for x in (given, father) if x)
        if full == normal:
            return (g,) + ((f,) if father else ()) + ((m,) if fam else ()), False, script
        if fam and full == ' '.join((fam + ' ' + rest).split()):
            return (m, g) + ((f,) if father else ()), False, script
        if fam and full == ' '.join((fam + ', ' + rest).split()):
            return (m, g) + ((f,) if father else ()), True, script
    raise AssertionError('record of person %d: no reading of %r' % (p.pid, full))


def record_renderings(t):
    """The signatures a record of a person with triple t may have, with
    their probabilities (record_sig() without the script: per script)."""
    g, f, m = t
    out = []
    for script in 'lac':
        shapes = [(('g', g), ('f', f), ('m', m)), (('m', m), ('g', g), ('f', f)), (('g', g), ('m', m)),
                  (('m', m), ('g', g)), (('g', g), ('f', f))] if m else [(('g', g), ('f', f))]
        for roles in shapes:
            for comma in (False, True):
                w = shape_likelihood(roles, script, comma, bool(m), record=True)
                if w > 0:
                    out.append(((tuple(k for _, k in roles), comma, script), w))
    return out


class Index:
    def __init__(self, persons):
        self.persons = persons
        self.by_gfm, self.by_gf, self.by_gm = {}, {}, {}
        self.sigs = {}              # record signature: records with it
        self.rec_sig = {}           # record id: its signature
        self.denominators = {}
        for i, p in enumerate(persons):
            g, f, m = keys(p)
            self.by_gfm.setdefault((g, f, m), []).append(i)
            self.by_gf.setdefault((g, f), []).append(i)
            if m:
                self.by_gm.setdefault((g, m), []).append(i)
            for (rid, _), (script, out) in zip(p.recs, p_seen.get(p.pid, [])):
                sig = record_sig(p, script, out)
                self.sigs[sig] = self.sigs.get(sig, 0) + 1
                self.rec_sig[rid] = sig

    def denominator(self, sig):
        """Sum over all persons of P(a record of theirs has signature sig)."""
        d = self.denominators.get(sig)
        if d is not None:
            return d
        ks, comma, script = sig
        d = 0.0
        for reading in key_readings(list(ks)):
            r = dict(reading)
            if 'f' in r and 'm' in r:
                d += len(self.by_gfm.get((r['g'], r['f'], r['m']), ())) * shape_likelihood(
                    reading, script, comma, True, record=True)
            elif 'm' in r:
                d += len(self.by_gm.get((r['g'], r['m']), ())) * shape_likelihood(
                    reading, script, comma, True, record=True)
            else:
                every = len(self.by_gf.get((r['g'], r['f']), ()))
                alone = len(self.by_gfm.get((r['g'], r['f'], ''), ()))
                d += (every - alone) * shape_likelihood(reading, script, comma, True, record=True)
                d += alone * shape_likelihood(reading, script, comma, False, record=True)
        self.denominators[sig] = d
        return d

    def fitting(self, roles):
        """Persons whose keys fit a reading (role -> key)."""
        r = dict(roles)
        if 'f' in r and 'm' in r:
            return self.by_gfm.get((r['g'], r['f'], r['m']), [])
        if 'f' in r:
            return self.by_gf.get((r['g'], r['f']), [])
        return self.by_gm.get((r['g'], r['m']), [])


def tiers(ix, sh, variant, group):
    """The persons a variant's oracle cannot exclude, as {likelihood:
    [person indices]}: ranked by likelihood, by chance within one."""
    like = {}
    if variant == 'roles unknown, Bayes':
        cands = readings(sh)
    else:
        cands = [tuple(sh.roles)]
    for reading in cands:
        for i in ix.fitting(reading):
            p = ix.persons[i]
            if variant == 'roles known, group known' and p.group != group:
                continue
            if variant == 'roles known':
                w = 1.0
            else:
                w = shape_likelihood(reading, sh.script, sh.comma, p.family is not None)
            if w > 0:
                like[i] = like.get(i, 0.0) + w
    if variant == 'persons known (metric artefact)':
        # a record of a person with t records is worth 1/t of their recall
        like = {i: w / len(ix.persons[i].recs) for i, w in like.items()}
    out = {}
    for i, w in like.items():
        out.setdefault(round(w, 12), []).append(i)
    return out


def names_only(ix, sh, truth):
    """E[R@10] of the oracle that sees only what is written: the canonical
    keys of the parts each record and the query write, in their order,
    not their roles, nor a part left out.  A record's score is
    P(its person is the query's | what both write) = sum over triples t
    of P(t | the record) P(query | t), with P(t | the record) from how
    many persons have t and how likely they write the record so."""
    pq = {}
    for reading in readings(sh):
        for i in ix.fitting(reading):
            p = ix.persons[i]
            t = keys(p)
            if t in pq:
                continue
            w = sum(shape_likelihood(r, sh.script, sh.comma, p.family is not None)
                    for r in readings(sh) if all(dict(zip('gfm', t)).get(role) == k for role, k in r))
            pq[t] = w
    num = {}
    for t, w in pq.items():
        if w <= 0:
            continue
        n_t = len(ix.by_gfm[t])
        for sig, ps in record_renderings(t):
            if sig in ix.sigs:
                num[sig] = num.get(sig, 0.0) + ps * n_t * w
    score = {sig: v / ix.denominator(sig) for sig, v in num.items()}
    tiers = {}
    for sig, v in score.items():
        key = round(v, 12)
        tiers[key] = tiers.get(key, 0) + ix.sigs[sig]
    hits, before = 0.0, 0
    mine = [round(score[ix.rec_sig[r]], 12) for r in truth]
    for key in sorted(tiers, reverse=True):
        size = tiers[key]
        slots = max(0, 10 - before)
        hits += mine.count(key) * min(slots, size) / size
        before += size
        if before >= 10 and all(k >= key for k in mine):
            break
    return hits / len(truth)


def t_known(ix, sh):
    """The persons of the "roles known" tie group."""
    return tiers(ix, sh, 'roles known', None)[1.0]


def expected_recall(ix, ranked_tiers, truth_person):
    """E[R@10] of the truth person's records when tiers come best first
    and the records of one tier in random order."""
    before = 0
    for w in sorted(ranked_tiers, reverse=True):
        members = ranked_tiers[w]
        size = sum(len(ix.persons[i].recs) for i in members)
        if truth_person in members:
            slots = max(0, 10 - before)
            return min(slots, size) / size
        before += size
    raise AssertionError('the truth person fits no reading of its own query')


VARIANTS = ('roles known', 'roles known, Bayes', 'roles known, group known', 'roles unknown, Bayes',
            'persons known (metric artefact)', 'names only, Bayes')


def mean(xs):
    return sum(xs) / len(xs) if xs else float('nan')


def run(n, oracle_dir, canonical_dir=None):
    persons, rendered = generate(n)
    rows = load_queries(n)
    assert len(rows) == len(rendered)
    ix = Index(persons)
    pid_index = {p.pid: i for i, p in enumerate(persons)}
    table = {}
    draws, tie_sizes = [], []
    rng = random.Random(SEED)
    for row, (p, script, out) in zip(rows, rendered):
        assert ' '.join(out[3].replace('\t', ' ').split()) == ' '.join(row['text'].split()), row['qid']
        assert sorted(r for r, _ in p.recs) == sorted(row['ids']), row['qid']
        sh = Shape(p, script, out)
        me = pid_index[p.pid]
        for v in VARIANTS:
            if v == 'names only, Bayes':
                table.setdefault(v, []).append((row, names_only(ix, sh, [r for r, _ in p.recs])))
                continue
            t = tiers(ix, sh, v, p.group)
            table.setdefault(v, []).append((row, expected_recall(ix, t, me)))
        recs = [r for i in t_known(ix, sh) for r, _ in persons[i].recs]
        tie_sizes.append((row, table['roles known'][-1][1], len(recs)))
        if oracle_dir:
            draws.append((row['qid'], rng.sample(recs, min(10, len(recs)))))
    lines = ['### N = %d: ceiling of R@10 for a name-only matcher (expected, exact)' % n, '',
             '| oracle | R@10 | same-script | cross-script | pure cross-script | no-namesake |',
             '|---|---:|---:|---:|---:|---:|']
    for v in VARIANTS:
        res = table[v]
        same = [r for q, r in res if q['qs'] in q['scr']]
        cross = [r for q, r in res if any(s != q['qs'] for s in q['scr'])]
        lines.append('| %s | %.3f | %.3f | %.3f | %.3f | %.3f |' % (
            v, mean([r for _, r in res]), mean(same), mean(cross),
            mean([r for q, r in res if q['cat'] in PURE_X]), mean([r for q, r in res if q['ns'] == 0])))
    lines += ['', 'Queries by the size of their "roles known" tie group (records the oracle cannot exclude):',
              '', '| tie group | queries | of which no-namesake | expected R@10 |', '|---|---:|---:|---:|']
    for lo, hi in ((1, 10), (11, 20), (21, 50), (51, 200), (201, None)):
        sel = [(q, r) for q, r, size in tie_sizes if size >= lo and (hi is None or size <= hi)]
        lines.append('| %d-%s | %d | %d | %.3f |' % (lo, hi or '', len(sel), sum(1 for q, _ in sel if q['ns'] == 0),
                                                   mean([r for _, r in sel])))
    print('\n'.join(lines) + '\n')
    if canonical_dir:
        write_canonical(n, ix, rows, rendered, canonical_dir)
    if oracle_dir:
        d = os.path.join(oracle_dir, 'N%d' % n)
        os.makedirs(os.path.join(d, 'results'), exist_ok=True)
        for name in ('queries.tsv', 'stats.json'):
            link = os.path.join(d, name)
            if not os.path.lexists(link):
                os.symlink(os.path.join(DATA_ROOT, 'N%d' % n, name), link)
        with open(os.path.join(d, 'results', 'oracle_draw.tsv'), 'w') as f:
            for qid, top in draws:
                f.write('%d\t0\t%s\n' % (qid, ','.join(str(x) for x in top)))


def word(key):
    """A canonical key as a plain word a matcher can read."""
    for tag, tail in (('fam_', ''), ('tj_', ''), ('two_', ''), ('din_', 'uddin'), ('ullah_', 'ullah')):
        if key.startswith(tag):
            key = key[len(tag):] + tail
    return key.replace('_', '').lower()


def write_canonical(n, ix, rows, rendered, out):
    d = os.path.join(out, 'N%d' % n)
    os.makedirs(os.path.join(d, 'results'), exist_ok=True)
    with open(os.path.join(d, 'records.tsv'), 'w', encoding='utf-8') as f:
        f.write('id\tgiven\tfather\tfamily\tfull_name\tsex\tbirth_year\tnationality\tscript\n')
        for rid in sorted(ix.rec_sig):
            ks, comma, script = ix.rec_sig[rid]
            words = [word(k) for k in ks]
            full = words[0] + (', ' if comma else ' ') + ' '.join(words[1:])
            f.write('%d\t\t\t\t%s\t\t\t\t%s\n' % (rid, full, script))
    with open(os.path.join(d, 'queries.tsv'), 'w', encoding='utf-8') as f:
        f.write('qid\tcategory\tqscript\tquery\ttruth_ids\ttruth_scripts\tnamesakes\n')
        for row, (p, script, out_) in zip(rows, rendered):
            sh = Shape(p, script, out_)
            words = [word(k) for _, k in sh.roles]
            text = words[0] + (', ' if sh.comma else ' ') + ' '.join(words[1:])
            f.write('%d\t%s\t%s\t%s\t%s\t%s\t%d\n' % (row['qid'], row['cat'], row['qs'], text,
                                                      ','.join(str(x) for x in row['ids']), ','.join(row['scr']),
                                                      row['ns']))
    shutil.copy(os.path.join(DATA_ROOT, 'N%d' % n, 'stats.json'), d)


def main():
    args = sys.argv[1:]
    opts = {}
    for opt in ('--oracle', '--canonical'):
        if opt in args:
            k = args.index(opt)
            opts[opt] = args[k + 1]
            del args[k:k + 2]
    sizes = [int(a) for a in args] or [100000, 1000000]
    for n in sizes:
        run(n, opts.get('--oracle'), opts.get('--canonical'))


if __name__ == '__main__':
    main()
