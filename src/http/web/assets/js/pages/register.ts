import { authForm } from '../auth-form.js';
import { registerIds } from '../element-ids.js';

authForm({
  formId: registerIds.registerForm,
  path: '/api/auth/register',
  fields: ['name', 'email', 'password'],
  submitting: 'Creating account…',
});
