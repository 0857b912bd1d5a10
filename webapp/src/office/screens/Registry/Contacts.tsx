// A customer's contacts (联系人): who may raise work orders for it (authorised requesters,
// a limited number per customer: the server's 422 names is_authorised) and who gets its
// e-mails. Pick the customer, then list, add and edit its contacts.

import { useState } from "preact/hooks";

import { useAsync } from "../../../components/useAsync";
import { t } from "../../../i18n";
import * as api from "../../api";
import { Select } from "../../components/Input";
import { ResourceEditor } from ".";
import { RESOURCES } from "./resources";

export function CustomerContacts({ role }: { role: string }) {
  const customers = useAsync(() => api.listRows("customers"), []);
  const [customerId, setCustomerId] = useState("");
  return (
    <>
      <div class="o-toolbar">
        <Select
          label={t("office.registry.field.customer_id")}
          name="contacts-customer"
          value={customerId}
          onChange={setCustomerId}
          empty={t("office.form.none")}
          options={(customers.data?.items ?? []).map((row) => ({ value: row.id, label: `${String(row.name)} (${String(row.code)})` }))}
        />
      </div>
      {customerId ? (
        <ResourceEditor key={customerId} spec={RESOURCES.contacts} role={role} scope={{ customer_id: customerId }} />
      ) : (
        <p class="o-muted">{t("office.registry.pickCustomer")}</p>
      )}
    </>
  );
}
