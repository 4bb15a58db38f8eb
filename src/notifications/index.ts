export { inboxConsumer } from './inbox.js';
export { createDeliveryPlanner, deliveryPlanner } from './delivery-planner.js';
export { createNotifier, type Notifier, type NotifierSettings } from './notifier.js';
