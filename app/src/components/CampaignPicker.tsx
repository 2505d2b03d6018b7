import type { Address } from "viem";

import { STATUS_LABELS } from "./common.tsx";
import { formatUnitsCount } from "../lib/format.ts";

export type PickerCampaign = {
  address: Address;
  status: number;
  params: { targetUnits: bigint; unitName: string };
};

export function CampaignPicker({
  campaigns,
  value,
  onChange,
  id = "campaign-picker",
  label = "Appeal",
}: {
  campaigns: PickerCampaign[];
  value?: Address;
  onChange: (a: Address) => void;
  id?: string;
  label?: string;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        data-testid={id}
        value={value ?? ""}
        onChange={(e) => onChange(e.target.value as Address)}
      >
        <option value="" disabled>
          Choose an appeal
        </option>
        {campaigns.map((c) => (
          <option key={c.address} value={c.address}>
            {formatUnitsCount(c.params.targetUnits)} {c.params.unitName} — {STATUS_LABELS[c.status]}{" "}
            ({c.address.slice(0, 8)}…)
          </option>
        ))}
      </select>
    </div>
  );
}
