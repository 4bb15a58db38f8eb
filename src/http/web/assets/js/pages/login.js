import { authForm } from '../auth-form.js';

authForm({ formId: 'login-form', path: '/api/auth/login', fields: ['email', 'password'], submitting: 'Logging in…' });
