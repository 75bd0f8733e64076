export {
  DEMO_DEFAULTS,
  DEMO_VAT,
  type DemoCompany,
  type DemoCompanyOptions,
  generateDemoCompany,
} from './demoCompany.js';
export { deterministicGuid, salesforceId18 } from './systemIds.js';
export {
  type DemoDiscrepancy,
  type DemoDiscrepancyKind,
  type DemoSystemView,
  demoViewFor,
  demoViews,
} from './systemViews.js';
