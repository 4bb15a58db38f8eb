import { loginCommand, logoutCommand, logoutEverywhereCommand, registerCommand, whoamiCommand } from './account.js';
import { askCommand } from './ask.js';
import { bookCommand } from './book.js';
import { bookingsCommand, cancelCommand } from './bookings.js';
import type { Command } from './command.js';
import { createCommand } from './create.js';
import { listCommand } from './list.js';
import { loyaltyCommand } from './loyalty.js';
import { holdsCommand } from './holds.js';
import { deleteAccountCommand, exportCommand } from './my-data.js';
import { notificationsCommand } from './notifications.js';
import { passwordCommand } from './password.js';
import { paymentsCommand } from './payments.js';
import { queueCommand } from './queue.js';
import { seatsCommand } from './seats.js';

const menuCommand: Command = {
  name: 'menu',
  usage: 'menu',
  summary: 'the interactive menu (the default in a terminal; numbered lines when stdin is a pipe)',
  minArgs: 0,
  maxArgs: 0,
  run: (ctx) => ctx.runMenu(),
};

export const commands: Command[] = [
  listCommand,
  seatsCommand,
  queueCommand,
  bookCommand,
  holdsCommand,
  bookingsCommand,
  cancelCommand,
  loyaltyCommand,
  notificationsCommand,
  paymentsCommand,
  createCommand,
  askCommand,
  registerCommand,
  loginCommand,
  logoutCommand,
  logoutEverywhereCommand,
  passwordCommand,
  whoamiCommand,
  exportCommand,
  deleteAccountCommand,
  menuCommand,
];

export function findCommand(name: string): Command | undefined {
  return commands.find((c) => c.name === name);
}

export type { Command, CommandContext } from './command.js';
