// `quanttrade deploy create | start | stop | pause | resume | list | show`: see cli/deploy/.
import { defineGroup } from '../command';
import { toCommand } from '../deploy/deploy-cli';
import { deployCommands } from '../deploy/deploy-commands';

export const command = defineGroup({
  summary: 'Deployments: create, start, stop, pause, resume, list, show',
  commands: Object.fromEntries(Object.entries(deployCommands).map(([name, sub]) => [name, toCommand(sub)])),
});
