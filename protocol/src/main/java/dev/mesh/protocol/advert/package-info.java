/** What a node tells the mesh about itself (docs/architecture.md, adverts); routing reads only this. */
package dev.mesh.protocol.advert;
