export { createAssistant, type Assistant } from './assistant.js';
export { readQuestion } from './intents.js';
export { intents, type AssistantAction, type AssistantReply, type Intent, type Question } from './types.js';
