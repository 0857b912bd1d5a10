// Global styles first, so each screen's and component's own style.css can refine them.
import "./styles.css";

import { render } from "preact";

import { App } from "./app";
import { adoptUserLocale } from "./i18n";
import { getSession } from "./store/session";
import { registerServiceWorker } from "./sw-bridge";

// A reopened app speaks the signed-in user's language, unless this device chose one.
adoptUserLocale(getSession()?.user.locale);
render(<App />, document.getElementById("app") as HTMLElement);
void registerServiceWorker();
