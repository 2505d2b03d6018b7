import { useTranslation } from "react-i18next";
import type { Address } from "viem";

import { statusName } from "./common.tsx";
import { t } from "../i18n/index.ts";
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
  label,
}: {
  campaigns: PickerCampaign[];
  value?: Address;
  onChange: (a: Address) => void;
  id?: string;
  label?: string;
}) {
  useTranslation();
  return (
    <div className="field">
      <label htmlFor={id}>{label ?? t("picker.label")}</label>
      <select
        id={id}
        data-testid={id}
        value={value ?? ""}
        onChange={(e) => onChange(e.target.value as Address)}
      >
        <option value="" disabled>
          {t("picker.choose")}
        </option>
        {campaigns.map((c) => (
          <option key={c.address} value={c.address}>
            {formatUnitsCount(c.params.targetUnits)} {c.params.unitName} — {statusName(c.status)} (
            {c.address.slice(0, 8)}…)
          </option>
        ))}
      </select>
    </div>
  );
}
