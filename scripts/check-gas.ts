/**
 * Gas budget check: reads reports/gas.json (written by `npm run gas`, key -> gas used) and fails
 * when an operation exceeds its budget, when costs that must not depend on the number of donors
 * drift apart, or when a measurement is missing.
 *
 *   node scripts/check-gas.ts [path/to/gas.json]
 *
 * Plain Node: no Hardhat, no project imports, only erasable TypeScript syntax, so Node >= 22.18
 * runs it as is (older Node 22 with --experimental-strip-types). Exits 1 on any violation.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";

/** Largest gas used each operation may cost. */
const BUDGETS: Readonly<Record<string, number>> = {
  createCampaign: 300_000,
  "pledgeETH.first": 75_000,
  "pledgeETH.repeat": 55_000,
  "pledge.erc20.first": 100_000,
  "claimRefund.failed": 48_000,
  "claimRefund.unspent": 55_000,
  "confirmDeliveryBySig.2of3": 100_000,
  "withdraw.erc20": 60_000,
};

/** Measurements of the same operation at different crowd sizes: each pair must stay within 1%. */
const FLAT_GROUPS: readonly (readonly string[])[] = [
  ["pledgeETH.first.donor2", "pledgeETH.first.donor1000"],
  ["claimRefund.unspent.donor2", "claimRefund.unspent.donor1000"],
];
const MAX_SPREAD_PERCENT = 1;

const file = path.resolve(process.argv[2] ?? path.join("reports", "gas.json"));

function fail(message: string): never {
  console.error(`check-gas: ${message}`);
  process.exit(1);
}

let report: Record<string, unknown>;
try {
  const parsed: unknown = JSON.parse(await readFile(file, "utf8"));
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    fail(`${file} is not a JSON object of key -> gas used`);
  }
  report = parsed as Record<string, unknown>;
} catch (error) {
  fail(`cannot read ${file}: ${(error as Error).message} (run \`npm run gas\` first)`);
}

/** The gas of `key`, or undefined when it is missing or not a positive integer. */
function gasOf(key: string): number | undefined {
  const value = report[key];
  return typeof value === "number" && Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

const fmt = (n: number | undefined): string => (n === undefined ? "-" : n.toLocaleString("en-US"));
const rows: string[][] = [];
const problems: string[] = [];

for (const [key, budget] of Object.entries(BUDGETS)) {
  const gas = gasOf(key);
  let status = "ok";
  if (gas === undefined) {
    status = "MISSING";
    problems.push(`${key}: missing or not a positive integer in ${file}`);
  } else if (gas > budget) {
    status = `OVER by ${fmt(gas - budget)}`;
    problems.push(`${key}: ${fmt(gas)} gas exceeds its budget of ${fmt(budget)}`);
  }
  rows.push([key, fmt(gas), fmt(budget), status]);
}

for (const group of FLAT_GROUPS) {
  for (const key of group) {
    if (gasOf(key) === undefined) {
      problems.push(`${key}: missing or not a positive integer in ${file}`);
      rows.push([key, "-", `±${MAX_SPREAD_PERCENT}%`, "MISSING"]);
    }
  }
  for (let i = 0; i < group.length; i++) {
    for (let j = i + 1; j < group.length; j++) {
      const a = group[i] as string;
      const b = group[j] as string;
      const gasA = gasOf(a);
      const gasB = gasOf(b);
      if (gasA === undefined || gasB === undefined) continue;
      const spread = (Math.abs(gasA - gasB) / Math.min(gasA, gasB)) * 100;
      const ok = spread <= MAX_SPREAD_PERCENT;
      rows.push([
        `${a} vs ${b}`,
        `${fmt(gasA)} / ${fmt(gasB)}`,
        `±${MAX_SPREAD_PERCENT}%`,
        ok ? `ok (${spread.toFixed(2)}%)` : `SPREAD ${spread.toFixed(2)}%`,
      ]);
      if (!ok) {
        problems.push(
          `${a} (${fmt(gasA)}) and ${b} (${fmt(gasB)}) differ by ${spread.toFixed(2)}%, more than ${MAX_SPREAD_PERCENT}%`,
        );
      }
    }
  }
}

const header = ["operation", "gas", "budget", "status"];
const widths = header.map((h, c) =>
  Math.max(h.length, ...rows.map((row) => (row[c] ?? "").length)),
);
const line = (cells: string[]): string =>
  cells
    .map((cell, c) =>
      c === 1 || c === 2 ? cell.padStart(widths[c] ?? 0) : cell.padEnd(widths[c] ?? 0),
    )
    .join("  ")
    .trimEnd();

console.log(`gas budgets (${path.relative(process.cwd(), file)})`);
console.log(line(header));
console.log(line(widths.map((w) => "-".repeat(w))));
for (const row of rows) console.log(line(row));

if (problems.length > 0) {
  console.error(`\ncheck-gas: ${problems.length} problem(s):`);
  for (const problem of problems) console.error(`  - ${problem}`);
  process.exit(1);
}
console.log("\ncheck-gas: all budgets met");
