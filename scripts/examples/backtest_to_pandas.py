#!/usr/bin/env python3
"""Run a QuantTrade backtest from Python over the REST API and load its results.

Submits a backtest, follows it to the end, then downloads its trades and equity curve and loads
them into pandas DataFrames when pandas is installed (plain Python lists of dicts otherwise).
Only the standard library is needed. docs/python.md explains each step.

    QUANTTRADE_URL=http://127.0.0.1:8080 QUANTTRADE_TOKEN=qtk_... \\
        python3 scripts/examples/backtest_to_pandas.py DEMOBANK 2024-01-01 2024-12-31

The last line printed is a JSON summary (what the test in test/python/ checks).
"""
import csv
import io
import json
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from decimal import Decimal

URL = os.environ.get("QUANTTRADE_URL", "http://127.0.0.1:8080").rstrip("/")
TOKEN = os.environ.get("QUANTTRADE_TOKEN", "")
FINISHED = {"succeeded", "failed", "cancelled"}


def call(method, path, params=None, body=None):
    """One REST call; returns the response bytes. Errors exit with the API's message."""
    url = URL + path
    if params:
        url += "?" + urllib.parse.urlencode(params, doseq=True)
    headers = {"Authorization": "Bearer " + TOKEN}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.read()
    except urllib.error.HTTPError as error:
        try:
            message = json.loads(error.read())["error"]["message"]
        except (ValueError, KeyError):
            message = error.reason
        sys.exit(f"{method} {path}: HTTP {error.code}: {message}")


def get_json(path, **params):
    return json.loads(call("GET", path, params))


def submit(symbol, start, end):
    spec = {
        "template": "sma-cross",
        "params": {"fast": 10, "slow": 30, "size": 10},
        "universe": {"symbols": [symbol], "timeframe": "1d"},
        "from": start,
        "to": end,
        "costs": {"model": "india-delivery"},
    }
    return json.loads(call("POST", "/api/backtests/submit", body=spec))["id"]


def follow(backtest_id, timeout_s=300):
    """Polls backtests.get until the run ends; progress goes to stderr."""
    deadline = time.monotonic() + timeout_s
    while True:
        backtest = get_json("/api/backtests/get", id=backtest_id)
        print(f"backtest {backtest_id}: {backtest['status']} {backtest['percent']:.0f}%", file=sys.stderr)
        if backtest["status"] in FINISHED:
            return backtest
        if time.monotonic() > deadline:
            sys.exit(f"backtest {backtest_id} did not finish in {timeout_s} s")
        time.sleep(0.5)


def download(backtest_id, table):
    """A results table as CSV (timestamps in IST, money as exact decimals)."""
    return call("GET", "/api/exports/backtest", {"id": backtest_id, "table": table, "format": "csv"})


def load(data, dates, decimals):
    try:
        import pandas as pd
    except ImportError:
        rows = list(csv.DictReader(io.StringIO(data.decode())))
        for row in rows:
            for column in decimals:
                row[column] = Decimal(row[column])
        return rows, False
    # Exact decimals stay exact (Decimal objects); .astype(float) when floats are what you want.
    frame = pd.read_csv(
        io.BytesIO(data),
        parse_dates=dates,
        converters={column: Decimal for column in decimals},
    )
    return frame, True


def main():
    if not TOKEN:
        sys.exit("set QUANTTRADE_TOKEN to an API token (quanttrade user token --email E --name N)")
    given = sys.argv[1:4]
    symbol, start, end = given + ["DEMOBANK", "2024-01-01", "2024-12-31"][len(given) :]
    backtest_id = submit(symbol, start, end)
    backtest = follow(backtest_id)
    if backtest["status"] != "succeeded":
        sys.exit(f"backtest {backtest_id} {backtest['status']}: {backtest['error']}")
    trades, with_pandas = load(
        download(backtest_id, "trades"),
        ["entry_time", "exit_time"],
        ["qty", "entry_price", "exit_price", "pnl", "net_pnl", "costs"],
    )
    equity, _ = load(download(backtest_id, "equity"), ["time"], [])
    if with_pandas:
        net_pnl = sum(trades["net_pnl"], Decimal(0))
        final_equity = float(equity["equity"].iloc[-1])
        print(trades.head(), file=sys.stderr)
    else:
        net_pnl = sum((t["net_pnl"] for t in trades), Decimal(0))
        final_equity = float(equity[-1]["equity"])
    summary = {
        "id": backtest_id,
        "status": backtest["status"],
        "trades": len(trades),
        "netPnl": str(net_pnl),
        "equityPoints": len(equity),
        "finalEquity": final_equity,
        "pandas": with_pandas,
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
