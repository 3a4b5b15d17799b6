import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Api, ApiError, type Me } from './api.js';
import { navigate } from './router.js';

/** Who is signed in: `me` when signed in, `null` when signed out, `undefined` while asking. */
export function useSession(): { me: Me | null | undefined; error: unknown } {
  const result = useQuery({ queryKey: ['me'], queryFn: Api.me });
  if (result.error instanceof ApiError && result.error.code === 'UNAUTHENTICATED') return { me: null, error: null };
  return { me: result.data, error: result.error };
}

/** Signs out, forgets every answer of the signed-in user, and goes to the sign-in form. */
export function useSignOut(): () => Promise<void> {
  const client = useQueryClient();
  return async () => {
    try {
      await Api.logOut();
    } finally {
      client.clear();
      navigate('/signin', { replace: true });
    }
  };
}
