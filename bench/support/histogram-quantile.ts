/** A Prometheus histogram's cumulative buckets, read from exposition text. */
export type Buckets = readonly { readonly le: number; readonly count: number }[];

export function readBuckets(metrics: string, name: string): Buckets {
  const pattern = new RegExp(`^${name}_bucket\\{le="([^"]+)"\\} (\\S+)$`, "gm");
  return [...metrics.matchAll(pattern)].map((match) => ({ le: match[1] === "+Inf" ? Infinity : Number(match[1]), count: Number(match[2]) }));
}

/** The samples observed between two readings of the same histogram. */
export function subtractBuckets(after: Buckets, before: Buckets): Buckets {
  return after.map((bucket, i) => ({ le: bucket.le, count: bucket.count - (before[i]?.count ?? 0) }));
}

/**
 * The q-quantile of a histogram as PromQL's histogram_quantile computes it: linear between the
 * bounds of the bucket the rank falls in. NaN without samples.
 */
export function histogramQuantile(buckets: Buckets, q: number): number {
  const total = buckets.at(-1)?.count ?? 0;
  if (total === 0) return Number.NaN;
  const rank = q * total;
  let lower = 0;
  let below = 0;
  for (const bucket of buckets) {
    if (bucket.count >= rank) {
      if (bucket.le === Infinity) return lower;
      return lower + ((bucket.le - lower) * (rank - below)) / Math.max(1, bucket.count - below);
    }
    lower = bucket.le;
    below = bucket.count;
  }
  return lower;
}
