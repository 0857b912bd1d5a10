// The KPI screens' own translations, merged into the main t() like the office's.
import { addMessages } from "../../../i18n";
import en from "./en.json";
import zhCN from "./zh-CN.json";

addMessages("zh-CN", zhCN);
addMessages("en", en);
