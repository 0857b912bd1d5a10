// Global styles first, so each screen's and component's own style.css can refine them.
import "./styles.css";

import { render } from "preact";

import { App } from "./app";
import { registerServiceWorker } from "./sw-bridge";

render(<App />, document.getElementById("app") as HTMLElement);
void registerServiceWorker();
