import Hummingbird
struct PageRoutes { let platform: Platform; let auth: Authenticator; func register(on router: Router<BasicRequestContext>) throws {} }
