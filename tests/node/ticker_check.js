// The official npm KiteTicker against a paper exchange: subscribe, ask for full mode, print one tick of each mode
// it sees as a JSON line, then exit. Usage: node ticker_check.js ROOT API_KEY ACCESS_TOKEN INSTRUMENT_TOKEN
"use strict";
const { KiteTicker } = require("kiteconnect");

const [root, apiKey, accessToken, token] = process.argv.slice(2);
const instrument = Number(token);
const ticker = new KiteTicker({ api_key: apiKey, access_token: accessToken, root: root, reconnect: false });
const seen = new Set();
const deadline = setTimeout(() => {
  console.error("timed out; modes seen: " + [...seen].join(","));
  process.exit(2);
}, 20000);

ticker.on("connect", () => {
  ticker.subscribe([instrument]);
  setTimeout(() => ticker.setMode(ticker.modeFull, [instrument]), 300);
});
ticker.on("ticks", (ticks) => {
  for (const tick of ticks) {
    if (tick.instrument_token !== instrument || seen.has(tick.mode)) continue;
    seen.add(tick.mode);
    console.log(JSON.stringify(tick));
  }
  if (seen.has("quote") && seen.has("full")) {
    clearTimeout(deadline);
    ticker.disconnect();
    process.exit(0);
  }
});
ticker.on("error", (error) => {
  console.error("error: " + (error && error.message ? error.message : error));
});
ticker.connect();
