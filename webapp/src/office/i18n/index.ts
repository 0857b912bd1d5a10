// The office's own translations, merged into the main t() at load (zh-CN is the source).
import { addMessages } from "../../i18n";
import en from "./en.json";
import zhCN from "./zh-CN.json";
// The KPI screens' keys live beside them (webapp/src/office/kpi/i18n) and merge themselves.
import "../kpi/i18n";

addMessages("zh-CN", zhCN);
addMessages("en", en);
