import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { OffloadConfig } from "../config/config.js";
import { OffloadError } from "../errors/offload-error.js";
import type { Ledger } from "../ledger/ledger.js";
import { priceOf } from "../policy/price-of.js";
import { costsToCsv, summariseCosts } from "../policy/summarise-costs.js";

const CostsQuery = z.object({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).optional(),
  format: z.enum(["json", "csv"]).default("json"),
});

/** The first instant of a `YYYY-MM` month (UTC), and of the month after it. */
function monthBounds(month: string): { since: string; until: string } {
  const [year = 0, index = 1] = month.split("-").map(Number);
  return { since: new Date(Date.UTC(year, index - 1, 1)).toISOString(), until: new Date(Date.UTC(year, index, 1)).toISOString() };
}

/**
 * `GET /api/costs?month=YYYY-MM[&format=csv]`: what compute cost this month (or the given one),
 * per runner and per repository, organisation, flavor and month, from the providers' real start
 * and end times and the flavor's price (a configured price for own hardware).
 */
export function registerCostRoutes(app: FastifyInstance, ledger: () => Ledger, config: Pick<OffloadConfig, "policy">, now: () => number): void {
  app.get("/api/costs", async (request, reply) => {
    const parsed = CostsQuery.safeParse(request.query);
    if (!parsed.success) throw new OffloadError("OFFLOAD_API_BAD_REQUEST", `query ${parsed.error.issues.map((i) => i.path.join(".")).join(", ")} in GET /api/costs: expected month YYYY-MM and format json or csv`);
    const month = parsed.data.month ?? new Date(now()).toISOString().slice(0, 7);
    const { since, until } = monthBounds(month);
    const rows = (await ledger().runnerUsage(since)).filter((row) => row.launchedAt < until);
    const summary = summariseCosts(rows, (flavor) => priceOf(flavor, config.policy), Math.min(now(), Date.parse(until)));
    if (parsed.data.format === "csv") {
      return reply.type("text/csv; charset=utf-8").header("content-disposition", `attachment; filename="offload-costs-${month}.csv"`).send(costsToCsv(summary));
    }
    return { month, ...summary };
  });
}
