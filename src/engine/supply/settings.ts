/**
 * Settings of the supply plan: defaults filled in, bad values replaced by their default (and
 * reported), and the list of settings as used, for the output sheet.
 *
 * Rates and costs must be finite and ≥ 0 (a negative cost would let the LP gain without
 * bound); `level` and `unmet` must be one of their values. Pure; no I/O.
 */
import { SUPPLY_DEFAULTS, type ResolvedSupplySettings, type SettingUsed, type SupplyNote, type SupplySettings } from "./types";

/** Label and unit of each setting, in output order. */
const DESCRIPTIONS: readonly { readonly name: keyof SupplySettings; readonly label: string; readonly unit: string }[] = [
  { name: "level", label: "Plan level", unit: "family or item" },
  { name: "unmet", label: "Unmet demand", unit: "lost or backlog" },
  { name: "holdingRate", label: "Holding cost", unit: "share of unit cost per unit and month" },
  { name: "unmetPenaltyRate", label: "Lost-demand penalty", unit: "share of price per unit, on top of the lost margin" },
  { name: "backlogPenaltyRate", label: "Backlog penalty", unit: "share of price per unit and period" },
  { name: "safetyStockPenaltyRate", label: "Safety-stock shortfall penalty", unit: "share of unit cost per unit and period" },
  { name: "overtimeCostPerHour", label: "Overtime cost", unit: "per hour" },
  { name: "overtimeShare", label: "Overtime allowed (hours resources)", unit: "share of available hours; units resources: none" },
  { name: "outsourcingCostRate", label: "Outsourcing cost when not given", unit: "share of unit cost per unit, on top of the unit cost" },
];

/** Settings with defaults filled in, the list as used, and notes on values that were replaced. */
export function resolveSupplySettings(settings: SupplySettings = {}): {
  readonly settings: ResolvedSupplySettings;
  readonly used: readonly SettingUsed[];
  readonly notes: readonly SupplyNote[];
} {
  const notes: SupplyNote[] = [];
  const pickNumber = (name: Exclude<keyof SupplySettings, "level" | "unmet">): number => {
    const v = settings[name];
    if (v === undefined) return SUPPLY_DEFAULTS[name];
    if (typeof v === "number" && Number.isFinite(v) && v >= 0) return v;
    notes.push({ severity: "warning", code: "bad-setting", message: `Setting ${name} = ${String(v)} is not a number ≥ 0: the default ${SUPPLY_DEFAULTS[name]} is used.` });
    return SUPPLY_DEFAULTS[name];
  };
  const level = settings.level === "item" || settings.level === "family" ? settings.level : SUPPLY_DEFAULTS.level;
  if (settings.level !== undefined && settings.level !== level) {
    notes.push({ severity: "warning", code: "bad-setting", message: `Setting level = ${String(settings.level)} is not "family" or "item": "family" is used.` });
  }
  const unmet = settings.unmet === "lost" || settings.unmet === "backlog" ? settings.unmet : SUPPLY_DEFAULTS.unmet;
  if (settings.unmet !== undefined && settings.unmet !== unmet) {
    notes.push({ severity: "warning", code: "bad-setting", message: `Setting unmet = ${String(settings.unmet)} is not "lost" or "backlog": "lost" is used.` });
  }
  const resolved: ResolvedSupplySettings = {
    level,
    unmet,
    holdingRate: pickNumber("holdingRate"),
    unmetPenaltyRate: pickNumber("unmetPenaltyRate"),
    backlogPenaltyRate: pickNumber("backlogPenaltyRate"),
    safetyStockPenaltyRate: pickNumber("safetyStockPenaltyRate"),
    overtimeCostPerHour: pickNumber("overtimeCostPerHour"),
    overtimeShare: pickNumber("overtimeShare"),
    outsourcingCostRate: pickNumber("outsourcingCostRate"),
  };
  const used = DESCRIPTIONS.map((d): SettingUsed => ({
    name: d.name,
    label: d.label,
    value: resolved[d.name],
    unit: d.unit,
    source: settings[d.name] === undefined || resolved[d.name] !== settings[d.name] ? "default" : "set",
  }));
  return { settings: resolved, used, notes };
}
