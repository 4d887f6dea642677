// The compact form of netunicorn-library dataclasses in a view, on the real by-value PacketResult pickle.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compactDataclasses } from "../../src/pickle/view-dataclass.js";
import { toView, unpickle } from "../../src/pickle/index.js";

const fixtures = JSON.parse(readFileSync(new URL("../fixtures/pickles/by_value_library_dataclass.json", import.meta.url), "utf8")) as { name: string; pickle_b64: string; view: unknown }[];

describe("compactDataclasses", () => {
  it("shows the real PacketResult (pickled by value) as its class name and fields", () => {
    const [first] = fixtures;
    const view = toView(unpickle(Uint8Array.from(atob(first!.pickle_b64), (c) => c.charCodeAt(0))));
    expect(view).toEqual(first!.view); // the view itself is unchanged
    expect(compactDataclasses(view)).toEqual({ $dataclass: "PacketResult", icmp_seq: 1, ttl: 64, time: 0.042, unit: "ms" });
  });

  it("works inside results, nested dataclasses included, and leaves other objects as they are", () => {
    const packet = { $object: "netunicorn.library.tasks.measurements.ping.PacketResult", state: { icmp_seq: 1, time: 0.5 } };
    const ping = { $object: "netunicorn.library.tasks.measurements.ping.PingResult", state: { host: "1.1.1.1", packets: [packet], avg_rtt: 0.5 } };
    const other = { $object: "__main__.Thing", state: { a: 1 } };
    expect(compactDataclasses({ $ok: { ping: [{ $ok: ping }], other: [{ $ok: other }] } })).toEqual({
      $ok: {
        ping: [{ $ok: { $dataclass: "PingResult", host: "1.1.1.1", packets: [{ $dataclass: "PacketResult", icmp_seq: 1, time: 0.5 }], avg_rtt: 0.5 } }],
        other: [{ $ok: other }],
      },
    });
  });
});
