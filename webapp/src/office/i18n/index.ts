// The office's own translations, merged into the main t() at load (zh-CN is the source).
import { addMessages } from "../../i18n";
import en from "./en.json";
import zhCN from "./zh-CN.json";

addMessages("zh-CN", zhCN);
addMessages("en", en);
