import { authForm } from '../auth-form.js';

authForm({
  formId: 'register-form',
  path: '/api/auth/register',
  fields: ['name', 'email', 'password'],
  submitting: 'Creating account…',
});
