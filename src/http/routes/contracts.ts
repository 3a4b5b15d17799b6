import { z } from 'zod';
import { createContract } from '../../commands/create-contract.js';
import { updateContract } from '../../commands/update-contract.js';
import { listContracts } from '../../queries/contracts.js';
import { presentContract } from '../../presenters/contracts.js';
import type { App } from '../app.js';
import { companyParams, contractPolicyShape, contractShape, id, listedContractShape, page, pageQuery, personName } from '../schemas.js';
import { contextOf, userIdOf, type Services } from '../services.js';

const contractStatus = z.enum(['active', 'paused', 'ended']);
const contractParams = z.strictObject({ companyId: id, contractId: id });

export function contractRoutes(app: App, services: Services): void {
  app.get(
    '/api/v1/companies/:companyId/contracts',
    {
      schema: {
        params: companyParams,
        querystring: z.strictObject({
          teamId: id.optional(),
          contactPersonId: id.optional(),
          status: contractStatus.optional(),
          ...pageQuery,
        }),
        response: { 200: page(listedContractShape).extend({ policies: z.array(contractPolicyShape) }) },
      },
    },
    async (request) => listContracts(services.db, userIdOf(request), request.params.companyId, request.query),
  );

  app.post(
    '/api/v1/companies/:companyId/contracts',
    {
      schema: {
        params: companyParams,
        body: z.strictObject({
          teamId: id,
          title: z.string().trim().min(1).max(200),
          freelancerName: personName,
          contactPersonId: id.optional(),
        }),
        response: { 201: z.object({ contract: contractShape }) },
      },
    },
    async (request, reply) => {
      const contract = await createContract(contextOf(services, request), request.params.companyId, request.body);
      return reply.code(201).send({ contract: presentContract(contract) });
    },
  );

  app.patch(
    '/api/v1/companies/:companyId/contracts/:contractId',
    {
      schema: {
        params: contractParams,
        body: z.strictObject({
          contactPersonId: id.optional(),
          teamId: id.optional(),
          status: contractStatus.optional(),
        }),
        response: { 200: z.object({ contract: contractShape }) },
      },
    },
    async (request) => {
      const { companyId, contractId } = request.params;
      const contract = await updateContract(contextOf(services, request), companyId, contractId, request.body);
      return { contract: presentContract(contract) };
    },
  );
}
