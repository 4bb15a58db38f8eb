export {
  createRoomRuntime,
  NoRoomError,
  type AdmissionGate,
  type LiveRoomInfo,
  type RoomStats,
  type RoomRuntime,
  type RoomRuntimeOptions,
} from './room-runtime.js';
export { RoomGoneError, type RoomChange, type RoomCommand } from './room-host.js';
export { roomLogic, type RoomLogic } from './logic.js';
export * from './storage.js';
