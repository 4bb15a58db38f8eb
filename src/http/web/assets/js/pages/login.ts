import { authForm } from '../auth-form.js';
import { loginIds } from '../element-ids.js';

authForm({
  formId: loginIds.loginForm,
  path: '/api/auth/login',
  fields: ['email', 'password'],
  submitting: 'Logging in…',
});
