// Start GOV.UK Frontend's components (loaded as a module, from this server only).
import { initAll } from "/assets/govuk-frontend.min.js";

initAll();
