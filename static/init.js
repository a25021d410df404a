// Starts GOV.UK Frontend's components (Exit this page, character count, error summary focus).
// Every page works without it.
import { initAll } from "./build/govuk-frontend.min.js";

initAll();
