import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Access } from '../../../graphql/access.js';
import type { GraphqlContext } from '../../../graphql/context.js';
import { DeliveryType } from '../convocation.type.js';

@Resolver(() => DeliveryType)
export class DeliveryResolver {
  @FieldResolver(() => String, { nullable: true, description: 'Secretariat: the printable letter (PDF), a link valid 5 minutes.' })
  @Access('authenticated')
  async letterUrl(@Root() root: DeliveryType, @Ctx() { bodies, documents }: GraphqlContext): Promise<string | null> {
    await bodies.enterById(root.bodyId, 'prepare');
    if (!root.letterKey) return null;
    return documents.storage.createDownloadUrl(root.letterKey, { expiresInSeconds: 300, fileName: `convocation-${root.id}.pdf`, contentType: 'application/pdf' });
  }
}
