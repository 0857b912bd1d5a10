// Global styles first, so each screen's and component's own style.css can refine them.
import "./styles.css";

import { render } from "preact";

import { App } from "./app";

render(<App />, document.getElementById("app") as HTMLElement);
